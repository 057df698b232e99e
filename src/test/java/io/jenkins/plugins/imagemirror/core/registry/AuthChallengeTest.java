package io.jenkins.plugins.imagemirror.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

    @Test
    void dockerHubBearerChallenge() {
        List<AuthChallenge> c = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/nginx:pull\"");
        assertThat(c)
                .containsExactly(new AuthChallenge(
                        "bearer",
                        Map.of(
                                "realm", "https://auth.docker.io/token",
                                "service", "registry.docker.io",
                                "scope", "repository:library/nginx:pull")));
        assertThat(c.get(0).isBearer()).isTrue();
    }

    @Test
    void quotedValuesKeepCommasSpacesAndEscapes() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"https://a/token\", scope=\"repository:a/b:pull,push "
                        + "repository:c:pull\", error=\"insufficient_scope\", note=\"say \\\"hi\\\"\"")
                .get(0);
        assertThat(c.param("scope")).isEqualTo("repository:a/b:pull,push repository:c:pull");
        assertThat(c.param("error")).isEqualTo("insufficient_scope");
        assertThat(c.param("note")).isEqualTo("say \"hi\"");
        assertThat(c.params()).hasSize(4);
    }

    @Test
    void basicChallengeWithRealm() {
        AuthChallenge c = AuthChallenge.parse("Basic realm=\"Registry Realm\"").get(0);
        assertThat(c.isBasic()).isTrue();
        assertThat(c.param("realm")).isEqualTo("Registry Realm");
    }

    @Test
    void severalChallengesInOneHeaderAndAcrossHeaders() {
        List<AuthChallenge> c = AuthChallenge.parse(
                List.of("Basic realm=\"x, y\", BEARER Realm=\"https://t/token\",service=svc", "Negotiate"));
        assertThat(c).extracting(AuthChallenge::scheme).containsExactly("basic", "bearer", "negotiate");
        assertThat(c.get(0).params()).isEqualTo(Map.of("realm", "x, y"));
        assertThat(c.get(1).params()).isEqualTo(Map.of("realm", "https://t/token", "service", "svc"));
        assertThat(c.get(2).params()).isEmpty();
    }

    @Test
    void unquotedValuesAndSpacesAroundEquals() {
        AuthChallenge c = AuthChallenge.parse("bearer realm = https://t/token , service = reg.example")
                .get(0);
        assertThat(c.params()).isEqualTo(Map.of("realm", "https://t/token", "service", "reg.example"));
    }

    @Test
    void malformedHeadersNeverThrow() {
        assertThat(AuthChallenge.parse("")).isEmpty();
        assertThat(AuthChallenge.parse(", ,")).isEmpty();
        assertThat(AuthChallenge.parse("Bearer realm=\"unterminated").get(0).param("realm"))
                .isEqualTo("unterminated");
        assertThat(AuthChallenge.parse("=== Bearer realm=x"))
                .extracting(AuthChallenge::scheme)
                .contains("bearer");
    }
}

package io.jenkins.plugins.imagemirror.core.build.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DockerfileParserTest {

    private static Dockerfile parse(String text) throws BuildInputException {
        return DockerfileParser.parse("Dockerfile", text);
    }

    private static Instruction second(String instruction) throws BuildInputException {
        return parse("FROM scratch\n" + instruction + "\n").instructions().get(1);
    }

    static Stream<Arguments> instructions() {
        return Stream.of(
                Arguments.of(
                        "ENV A=1 B=\"two words\"",
                        new Instruction.Env(
                                2,
                                "ENV A=1 B=\"two words\"",
                                List.of(new Instruction.Pair("A", "1"), new Instruction.Pair("B", "\"two words\"")))),
                Arguments.of(
                        "ENV LEGACY some value",
                        new Instruction.Env(
                                2, "ENV LEGACY some value", List.of(new Instruction.Pair("LEGACY", "some value")))),
                Arguments.of(
                        "LABEL a.b=c",
                        new Instruction.Label(2, "LABEL a.b=c", List.of(new Instruction.Pair("a.b", "c")))),
                Arguments.of(
                        "ARG V=1 W",
                        new Instruction.Arg(
                                2,
                                "ARG V=1 W",
                                List.of(new Instruction.Pair("V", "1"), new Instruction.Pair("W", null)))),
                Arguments.of(
                        "COPY --chown=1:2 --chmod=640 a b /d/",
                        new Instruction.Copy(
                                2,
                                "COPY --chown=1:2 --chmod=640 a b /d/",
                                false,
                                List.of("a", "b"),
                                "/d/",
                                "1:2",
                                "640",
                                false)),
                Arguments.of(
                        "COPY [\"a b\", \"/d\"]",
                        new Instruction.Copy(
                                2, "COPY [\"a b\", \"/d\"]", false, List.of("a b"), "/d", null, null, true)),
                Arguments.of(
                        "ADD --link app.tar.gz /opt/",
                        new Instruction.Copy(
                                2,
                                "ADD --link app.tar.gz /opt/",
                                true,
                                List.of("app.tar.gz"),
                                "/opt/",
                                null,
                                null,
                                false)),
                Arguments.of(
                        "EXPOSE 80 53/udp", new Instruction.Expose(2, "EXPOSE 80 53/udp", List.of("80", "53/udp"))),
                Arguments.of(
                        "ENTRYPOINT [\"/app\", \"-v\"]",
                        new Instruction.Entrypoint(2, "ENTRYPOINT [\"/app\", \"-v\"]", List.of("/app", "-v"))),
                Arguments.of(
                        "CMD echo $HOME",
                        new Instruction.Cmd(2, "CMD echo $HOME", List.of("/bin/sh", "-c", "echo $HOME"))),
                Arguments.of(
                        "CMD [\"a\", 1]",
                        new Instruction.Cmd(2, "CMD [\"a\", 1]", List.of("/bin/sh", "-c", "[\"a\", 1]"))),
                Arguments.of("CMD []", new Instruction.Cmd(2, "CMD []", List.of())),
                Arguments.of("WORKDIR /srv/$APP", new Instruction.Workdir(2, "WORKDIR /srv/$APP", "/srv/$APP")),
                Arguments.of("USER 1000:1000", new Instruction.User(2, "USER 1000:1000", "1000:1000")),
                Arguments.of(
                        "VOLUME /data /logs",
                        new Instruction.Volume(2, "VOLUME /data /logs", List.of("/data", "/logs"), false)),
                Arguments.of(
                        "VOLUME [\"/data\"]", new Instruction.Volume(2, "VOLUME [\"/data\"]", List.of("/data"), true)),
                Arguments.of("STOPSIGNAL SIGTERM", new Instruction.StopSignal(2, "STOPSIGNAL SIGTERM", "SIGTERM")),
                Arguments.of(
                        "SHELL [\"/bin/bash\", \"-c\"]",
                        new Instruction.Shell(2, "SHELL [\"/bin/bash\", \"-c\"]", List.of("/bin/bash", "-c"))),
                Arguments.of(
                        "HEALTHCHECK --interval=1m30s --retries=3 CMD [\"/health\"]",
                        new Instruction.Healthcheck(
                                2,
                                "HEALTHCHECK --interval=1m30s --retries=3 CMD [\"/health\"]",
                                List.of("CMD", "/health"),
                                90_000_000_000L,
                                0,
                                0,
                                0,
                                3)),
                Arguments.of(
                        "HEALTHCHECK CMD curl -f localhost",
                        new Instruction.Healthcheck(
                                2,
                                "HEALTHCHECK CMD curl -f localhost",
                                List.of("CMD-SHELL", "curl -f localhost"),
                                0,
                                0,
                                0,
                                0,
                                0)),
                Arguments.of(
                        "HEALTHCHECK NONE",
                        new Instruction.Healthcheck(2, "HEALTHCHECK NONE", List.of("NONE"), 0, 0, 0, 0, 0)),
                Arguments.of("onbuild copy . /app", new Instruction.OnBuild(2, "ONBUILD copy . /app", "COPY . /app")),
                Arguments.of(
                        "MAINTAINER Jane <j@example.com>",
                        new Instruction.Maintainer(2, "MAINTAINER Jane <j@example.com>", "Jane <j@example.com>")));
    }

    @ParameterizedTest
    @MethodSource("instructions")
    void parsesEveryInstruction(String text, Instruction expected) throws Exception {
        assertThat(second(text)).isEqualTo(expected);
    }

    @Test
    void fromWithPlatformArgsBeforeAndAlias() throws Exception {
        Dockerfile d = parse("ARG TAG=3.20\nFROM --platform=$TARGETPLATFORM alpine:${TAG} AS app\n");
        assertThat(d.instructions())
                .containsExactly(
                        new Instruction.Arg(1, "ARG TAG=3.20", List.of(new Instruction.Pair("TAG", "3.20"))),
                        new Instruction.From(
                                2,
                                "FROM --platform=$TARGETPLATFORM alpine:${TAG} AS app",
                                "alpine:${TAG}",
                                "$TARGETPLATFORM"));
    }

    @Test
    void continuationsCommentsDirectivesAndLineNumbers() throws Exception {
        Dockerfile d = parse("# syntax=docker/dockerfile:1\n# escape=`\n\n# a comment\nFROM scratch\nCOPY a `\n"
                + "  # comment inside\n  b /dst/\n\nLABEL x=1\n");
        assertThat(d.escape()).isEqualTo('`');
        assertThat(d.instructions()).extracting(Instruction::line).containsExactly(5, 6, 10);
        assertThat(d.instructions().get(1))
                .isEqualTo(new Instruction.Copy(
                        6, "COPY a   b /dst/", false, List.of("a", "b"), "/dst/", null, null, false));
    }

    @Test
    void shellChangesLaterShellForms() throws Exception {
        Dockerfile d = parse("FROM scratch\nSHELL [\"/bin/bash\", \"-euc\"]\nCMD run it\n");
        assertThat(((Instruction.Cmd) d.instructions().get(2)).command())
                .containsExactly("/bin/bash", "-euc", "run it");
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(
                        "FROM scratch\nCOPY a /a\nRUN make\n",
                        "Dockerfile:3: RUN needs a container runtime; "
                                + "image-mirror builds without one: do the work in an earlier pipeline step and COPY its output"),
                Arguments.of(
                        "FROM scratch\nRUN \\\n  make\n",
                        "Dockerfile:2: RUN needs a container runtime; "
                                + "image-mirror builds without one: do the work in an earlier pipeline step and COPY its output"),
                Arguments.of(
                        "FROM golang AS build\nFROM scratch\n",
                        "Dockerfile:2: multi-stage builds are not "
                                + "supported (the first FROM is on line 1); image-mirror builds one stage: build the earlier "
                                + "stage separately (to an archive or a registry) and use it as the base, or produce its files "
                                + "in an earlier pipeline step and COPY them"),
                Arguments.of(
                        "FROM scratch\nCOPY --from=build /out /app\n",
                        "Dockerfile:2: COPY --from needs a "
                                + "multi-stage build; image-mirror builds one stage: produce those files in an earlier "
                                + "pipeline step and COPY them from the context"),
                Arguments.of(
                        "FROM scratch\nADD https://example.com/x.tgz /x\n",
                        "Dockerfile:2: ADD of a URL "
                                + "(https://example.com/x.tgz) is not supported: the build would depend on the network; "
                                + "download it in an earlier pipeline step (verify its checksum) and COPY it"),
                Arguments.of(
                        "FROM scratch\nCOPY <<EOF /x\n",
                        "Dockerfile:2: heredocs are not supported; put the "
                                + "content in a file in the context and COPY it"),
                Arguments.of(
                        "FROM scratch\nFOO bar\n",
                        "Dockerfile:2: unknown instruction FOO; image-mirror builds "
                                + "FROM, ARG, ENV, LABEL, COPY, ADD, EXPOSE, ENTRYPOINT, CMD, WORKDIR, USER, VOLUME, SHELL, "
                                + "STOPSIGNAL, HEALTHCHECK, ONBUILD and MAINTAINER"),
                Arguments.of(
                        "LABEL a=b\nFROM scratch\n",
                        "Dockerfile:1: LABEL before FROM; only ARG may come before "
                                + "FROM: add FROM scratch or FROM an image first"),
                Arguments.of(
                        "ARG A\n",
                        "Dockerfile: no FROM instruction; add FROM scratch or FROM an image after the " + "ARGs"),
                Arguments.of(
                        "# only a comment\n",
                        "Dockerfile: the Dockerfile has no instructions; start it with "
                                + "FROM scratch or FROM an image"),
                Arguments.of(
                        "FROM a b\n",
                        "Dockerfile:1: FROM takes one image, optionally followed by AS name, e.g. " + "FROM scratch"),
                Arguments.of(
                        "FROM --plat=x scratch\n",
                        "Dockerfile:1: unknown flag --plat for FROM; FROM takes " + "--platform"),
                Arguments.of(
                        "FROM scratch\nCOPY --owner=1 a /a\n",
                        "Dockerfile:2: unknown flag --owner for COPY; " + "COPY takes --chmod, --chown, --link"),
                Arguments.of(
                        "FROM scratch\nCOPY --chown=1 --chown=2 a /a\n",
                        "Dockerfile:2: flag --chown given " + "twice; keep one"),
                Arguments.of(
                        "FROM scratch\nCOPY a\n",
                        "Dockerfile:2: COPY requires at least one source and a " + "destination, e.g. COPY app/ /app/"),
                Arguments.of(
                        "FROM scratch\nCOPY --exclude=*.md . /a\n",
                        "Dockerfile:2: COPY --exclude is not "
                                + "supported; list the files explicitly (and exclude with .dockerignore)"),
                Arguments.of("FROM scratch\nENV A\n", "Dockerfile:2: ENV must have two arguments: ENV name=value"),
                Arguments.of(
                        "FROM scratch\nENV A=1 B\n",
                        "Dockerfile:2: syntax error - can't find = in \"B\"; " + "write ENV name=value"),
                Arguments.of(
                        "FROM scratch\nLABEL =x\n",
                        "Dockerfile:2: LABEL names can not be blank; write LABEL " + "name=value"),
                Arguments.of(
                        "FROM scratch\nENV A=\"open\n",
                        "Dockerfile:2: unexpected end of statement while "
                                + "looking for matching double-quote; close the quote"),
                Arguments.of("FROM scratch\nWORKDIR /a/${B\n", "Dockerfile:2: missing '}' in '/a/${B'"),
                Arguments.of(
                        "FROM scratch\nUSER ${U%x}\n",
                        "Dockerfile:2: unsupported modifier (%) in substitution "
                                + "'${U%x}'; use ${VAR:-default}, ${VAR:+alternative} or ${VAR:?message}"),
                Arguments.of(
                        "FROM scratch\nWORKDIR ${}\n",
                        "Dockerfile:2: bad substitution in '${}': expected a " + "variable name after '${'"),
                Arguments.of("FROM scratch\nWORKDIR\n", "Dockerfile:2: WORKDIR requires exactly one argument"),
                Arguments.of("FROM scratch\nEXPOSE\n", "Dockerfile:2: EXPOSE requires at least one argument"),
                Arguments.of(
                        "FROM scratch\nSHELL /bin/bash -c\n",
                        "Dockerfile:2: SHELL requires the JSON form, e.g. " + "SHELL [\"/bin/bash\", \"-c\"]"),
                Arguments.of(
                        "FROM scratch\nHEALTHCHECK --interval=soon CMD x\n",
                        "Dockerfile:2: --interval 'soon' " + "is not a duration; write it like 30s, 1m30s or 500ms"),
                Arguments.of(
                        "FROM scratch\nHEALTHCHECK --retries=0 CMD x\n",
                        "Dockerfile:2: --retries must be a " + "whole number of at least 1, not '0'"),
                Arguments.of(
                        "FROM scratch\nHEALTHCHECK NONE x\n",
                        "Dockerfile:2: HEALTHCHECK NONE takes no other " + "arguments"),
                Arguments.of(
                        "FROM scratch\nONBUILD FROM x\n",
                        "Dockerfile:2: ONBUILD FROM is not allowed; use " + "another instruction as the trigger"),
                Arguments.of(
                        "# escape=x\nFROM scratch\n",
                        "Dockerfile:1: invalid escape token 'x'; use \\ or ` " + "(backtick)"),
                Arguments.of(
                        "# escape=`\n# escape=\\\nFROM scratch\n",
                        "Dockerfile:2: only one 'escape' parser " + "directive can be used; remove the duplicate"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void rejectsWithFileLineReasonAndAlternative(String text, String message) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(BuildInputException.class)
                .hasMessage(message);
    }

    @Test
    void errorCarriesFileAndLine() {
        assertThatThrownBy(() -> DockerfileParser.parse("build/Dockerfile.prod", "FROM scratch\n\n\nRUN x\n"))
                .isInstanceOfSatisfying(BuildInputException.class, e -> {
                    assertThat(e.file()).isEqualTo("build/Dockerfile.prod");
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.getMessage()).startsWith("build/Dockerfile.prod:4: RUN needs a container runtime");
                });
    }
}

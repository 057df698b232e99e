package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules every Jelly view obeys: escape-by-default declared first, nothing that turns escaping off or runs
 * script in the page, no inline style. Text from registries (image names, labels) only ever reaches a page through {@code ${…}},
 * which these rules make escaped.
 */
final class ViewRules {
    static final String FIRST_LINE = "<?jelly escape-by-default='true'?>";

    private ViewRules() {}

    static void check(String name, String text) {
        assertThat(text).as(name + " first line").startsWith(FIRST_LINE + "\n");
        assertThat(text)
                .as(name)
                .doesNotContain("escape-by-default='false'")
                .doesNotContain("escape-by-default=\"false\"")
                .doesNotContain("<j:out")
                .doesNotContain("<script")
                .doesNotContain("javascript:")
                .doesNotContainPattern("\\son[a-z]+=")
                // no inline style either: it is blocked wherever a Content-Security-Policy without 'unsafe-inline'
                // applies
                .doesNotContain("<style")
                .doesNotContainPattern("\\sstyle=");
    }
}

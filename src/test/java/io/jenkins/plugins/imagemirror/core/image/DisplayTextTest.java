package io.jenkins.plugins.imagemirror.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DisplayTextTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "202E|RIGHT-TO-LEFT OVERRIDE",
                "202A|LEFT-TO-RIGHT EMBEDDING",
                "202B|RIGHT-TO-LEFT EMBEDDING",
                "202C|POP DIRECTIONAL FORMATTING",
                "202D|LEFT-TO-RIGHT OVERRIDE",
                "2066|LEFT-TO-RIGHT ISOLATE",
                "2067|RIGHT-TO-LEFT ISOLATE",
                "2068|FIRST STRONG ISOLATE",
                "2069|POP DIRECTIONAL ISOLATE",
                "200E|LEFT-TO-RIGHT MARK",
                "200F|RIGHT-TO-LEFT MARK",
                "061C|ARABIC LETTER MARK",
                "0000|NUL",
                "0007|BEL",
                "0009|TAB",
                "000A|LF",
                "000D|CR",
                "001B|ESC",
                "007F|DEL",
                "0080|C1 first",
                "0085|NEL",
                "009B|CSI",
                "009F|C1 last",
                "2028|LINE SEPARATOR",
                "2029|PARAGRAPH SEPARATOR"
            })
    void escapesEveryCharacterThatActsOnTheDisplay(String hex, String name) {
        char c = (char) Integer.parseInt(hex, 16);
        assertThat(DisplayText.of("a" + c + "b")).as(name).isEqualTo("a\\u" + hex + "b");
    }

    @Test
    void aReversedFileNameShowsItsOverride() {
        assertThat(DisplayText.of("invoice\u202Efdp.exe")).isEqualTo("invoice\\u202Efdp.exe");
    }

    @Test
    void printableTextOfAnyScriptIsKept() {
        for (String s : new String[] {
            "",
            "usr/lib/libc.so.6",
            "données/naïve café",
            "עברית/ملف",
            "日本語.txt",
            "emoji \uD83D\uDC4D\u200D",
            "<script>&amp;",
            "back\\slash"
        }) {
            assertThat(DisplayText.of(s)).isSameAs(s);
        }
        assertThat(DisplayText.of(null)).isNull();
    }
}

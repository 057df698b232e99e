package io.jenkins.plugins.imagemirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.testbed.Testbed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One in-process CLI run: exit code, stdout, stderr; asserts no test secret ever appears in either. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        CliRun run = new CliRun(code, out.toString(), err.toString());
        run.assertNoSecret();
        return run;
    }

    static CliRun of(List<String> args) {
        return of(args.toArray(String[]::new));
    }

    /** The last line on stderr that starts with {@code error: }. */
    String error() {
        List<String> errors = new ArrayList<>(Arrays.stream(err.split("\n"))
                .filter(l -> l.startsWith("error: "))
                .toList());
        return errors.isEmpty() ? "" : errors.get(errors.size() - 1);
    }

    private void assertNoSecret() {
        Testbed bed = Testbed.get();
        for (String secret : List.of(bed.tlsPass(), bed.tokenPass())) {
            assertThat(out).doesNotContain(secret);
            assertThat(err).doesNotContain(secret);
        }
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}

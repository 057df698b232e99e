package io.jenkins.plugins.imagemirror.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar image-mirror-cli.jar VERB ...}. Exit codes: 0 success, 1 a failure while working (the message
 * names what was being done, to what, and why), 2 a usage error (bad option, malformed reference or location).
 */
@Command(
        name = "image-mirror",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Copy, build and size container images without a daemon.")
public final class Main {
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** The verbs, in the order help lists them (see {@link #commandLine}). */
    private static final List<Class<?>> VERBS = List.of(CopyCommand.class, BuildCommand.class, SizesCommand.class);

    private Main() {}

    public static void main(String[] args) {
        int status = run(
                args,
                new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true),
                new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true));
        stopHttpSelectors();
        System.exit(status);
    }

    /**
     * Ends the JDK HTTP clients' selector threads before the JVM exits (only a chunked upload builds a client: every
     * other request goes over HttpURLConnection). Each client keeps one in {@code epoll_wait}
     * (native code) until the client is garbage-collected, and the JVM's exit waits up to 300 ms for threads in
     * native code to stop ({@code VM_Exit::wait_for_threads_in_native_to_block}): measured, 300 ms of a 1 s
     * fresh-JVM copy whose destination already has the image (bench 'present'). The selector loop ends when its
     * thread is interrupted. Java 21's {@code HttpClient.close()} is the API for this; on 17 the thread's name
     * ({@code HttpClient-N-SelectorManager}) is the handle. Only at exit, when nothing uses the clients any more.
     */
    static void stopHttpSelectors() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 8];
        int n = root.enumerate(threads, true);
        List<Thread> selectors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (threads[i].getName().matches("HttpClient-\\d+-SelectorManager")) {
                threads[i].interrupt();
                selectors.add(threads[i]);
            }
        }
        for (Thread t : selectors) {
            try {
                t.join(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Runs one command in-process; for tests and for the demo. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(args);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter w = commandLine.getErr();
            w.println("error: " + oneLine(e));
            w.flush();
            return e instanceof IllegalArgumentException ? USAGE : FAILED;
        });
        return cli.execute(args);
    }

    /**
     * The command line with the verb {@code args} name, alone, or with every verb when they name none (help, version,
     * a typo, an {@code @file}): picocli builds each verb's model by reflection on its annotations, and a run reads
     * one verb (a copy's start-up: 20-30 ms less).
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        String named = null;
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                named = arg;
                break;
            }
        }
        Class<?> only = null;
        for (Class<?> verb : VERBS) {
            if (verb.getAnnotation(Command.class).name().equals(named)) {
                only = verb;
            }
        }
        for (Class<?> verb : VERBS) {
            if (only == null || verb == only) {
                cli.addSubcommand(verb);
            }
        }
        return cli;
    }

    /** The message, and the causes' messages where they add something; never a stack trace for the user. */
    static String oneLine(Throwable e) {
        StringBuilder s = new StringBuilder(String.valueOf(e.getMessage() != null ? e.getMessage() : e.toString()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && !s.toString().contains(m)) {
                s.append(": ").append(m);
            }
        }
        return s.toString().replace('\n', ' ');
    }

    /** The version, and how this JVM was started: resources/image-mirror names its mode in a system property. */
    static final class Version implements CommandLine.IVersionProvider {
        /** Set by resources/image-mirror: "AOT cache (JDK 25.0.3)", "AppCDS (JDK 17.0.21)", "plain (…)". */
        static final String LAUNCHER_PROPERTY = "image-mirror.launcher";

        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            String launcher = System.getProperty(LAUNCHER_PROPERTY);
            return new String[] {
                "image-mirror " + (v == null ? "development" : v),
                "launcher: "
                        + (launcher != null
                                ? launcher
                                : "none (java -jar, JDK " + Runtime.version()
                                        + "; resources/image-mirror starts faster)")
            };
        }
    }
}

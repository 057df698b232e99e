package io.jenkins.plugins.imagemirror.core.build.plan;

import java.util.List;

/**
 * One parsed Dockerfile instruction. {@code line} is where it starts (1-based); {@code text} is the instruction as
 * written, continuations joined, and becomes the history entry ("created by") of the layer or config change it
 * makes. Argument strings called "raw" still carry quotes, escapes and {@code $VARIABLES}: Docker substitutes them
 * only once the environment is known (build args, base image ENV, earlier ENV), which happens in planning.
 */
public sealed interface Instruction {
    int line();

    String text();

    /** A raw {@code key=value} (or legacy {@code key value}) pair of ENV, LABEL or ARG; value null when absent. */
    record Pair(String key, String value) {}

    /** {@code FROM [--platform=P] image [AS name]}. */
    record From(int line, String text, String image, String platform) implements Instruction {}

    /** {@code ARG name[=default] ...}. */
    record Arg(int line, String text, List<Pair> args) implements Instruction {}

    record Env(int line, String text, List<Pair> pairs) implements Instruction {}

    record Label(int line, String text, List<Pair> pairs) implements Instruction {}

    /**
     * {@code COPY}/{@code ADD} of context files; {@code add} extracts local tar archives. {@code json}: the sources
     * and destination came from the JSON form and are literal.
     */
    record Copy(
            int line,
            String text,
            boolean add,
            List<String> sources,
            String destination,
            String chown,
            String chmod,
            boolean json)
            implements Instruction {}

    record Expose(int line, String text, List<String> ports) implements Instruction {}

    /** ENTRYPOINT: the final argument vector (shell form already wrapped in the current SHELL). */
    record Entrypoint(int line, String text, List<String> command) implements Instruction {}

    record Cmd(int line, String text, List<String> command) implements Instruction {}

    record Workdir(int line, String text, String path) implements Instruction {}

    record User(int line, String text, String user) implements Instruction {}

    /** {@code json}: the paths came from the JSON form and are literal. */
    record Volume(int line, String text, List<String> paths, boolean json) implements Instruction {}

    record StopSignal(int line, String text, String signal) implements Instruction {}

    record Shell(int line, String text, List<String> shell) implements Instruction {}

    /** {@code test} is Docker's form: {@code ["NONE"]}, {@code ["CMD", …]} or {@code ["CMD-SHELL", cmd]}. */
    record Healthcheck(
            int line,
            String text,
            List<String> test,
            long intervalNanos,
            long timeoutNanos,
            long startPeriodNanos,
            long startIntervalNanos,
            int retries)
            implements Instruction {}

    /** A trigger stored in the image for builds that use it as their base; never run here. */
    record OnBuild(int line, String text, String trigger) implements Instruction {}

    record Maintainer(int line, String text, String name) implements Instruction {}
}

package io.jenkins.plugins.imagemirror.testbed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One external command of the test bed (ctr, podman, docker, skopeo, python3), run to completion with a timeout.
 * Failures throw with what was run, the exit code and the command's stderr; every secret given to {@link #secret}
 * is replaced by {@code ***} in that message, so passwords passed as arguments never reach a test report.
 */
final class Command {
    private final List<String> argv = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> secrets = new ArrayList<>();
    private byte[] stdin = new byte[0];
    private Duration timeout = Duration.ofMinutes(3);

    private Command(List<String> argv) {
        this.argv.addAll(argv);
    }

    static Command of(String... argv) {
        return new Command(List.of(argv));
    }

    static Command of(List<String> argv) {
        return new Command(argv);
    }

    Command args(String... more) {
        argv.addAll(List.of(more));
        return this;
    }

    Command args(List<String> more) {
        argv.addAll(more);
        return this;
    }

    Command env(String key, String value) {
        env.put(key, value);
        return this;
    }

    Command stdin(String text) {
        stdin = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    Command secret(String value) {
        if (value != null && !value.isEmpty()) secrets.add(value);
        return this;
    }

    Command timeout(Duration value) {
        timeout = value;
        return this;
    }

    /** Runs and returns stdout as UTF-8; throws {@link IllegalStateException} on a non-zero exit or a timeout. */
    String run() {
        return new String(runBytes(), StandardCharsets.UTF_8);
    }

    /** Runs and returns stdout's bytes, exactly. */
    byte[] runBytes() {
        Result r = runAllowingFailure();
        if (r.exit != 0) {
            throw new IllegalStateException(describe() + " exited with " + r.exit + ": " + redact(r.stderr.strip()));
        }
        return r.stdout;
    }

    /** Runs and returns exit code, stdout and stderr, whatever the exit code; throws only on a timeout. */
    Result runAllowingFailure() {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("starting " + describe() + " (is it installed? see .ci/run)", e);
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // the command may exit without reading its input; its exit code and stderr tell the story
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException(describe() + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new Result(p.exitValue(), out.get(), new String(err.get(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + describe(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("reading the output of " + describe(), e.getCause());
        }
    }

    /** The command line with secrets masked: safe for messages. */
    String describe() {
        return redact(String.join(" ", argv));
    }

    private String redact(String text) {
        String s = text;
        for (String secret : secrets) s = s.replace(secret, "***");
        return s;
    }

    private static byte[] drain(InputStream in) {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Exit code, stdout bytes and stderr text of a finished command. */
    record Result(int exit, byte[] stdout, String stderr) {
        String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }
}

package io.jenkins.plugins.imagemirror.cli;

import io.jenkins.plugins.imagemirror.core.archive.StagedFile;
import io.jenkins.plugins.imagemirror.core.copy.CopyListener;
import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.DestinationResult;
import io.jenkins.plugins.imagemirror.core.image.JsonArray;
import io.jenkins.plugins.imagemirror.core.image.JsonObject;
import io.jenkins.plugins.imagemirror.core.image.JsonWriter;
import io.jenkins.plugins.imagemirror.core.registry.RateLimitListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --json}, {@code -q}, progress on stderr and the closing summary on stdout. */
final class OutputOptions {
    @Option(
            names = "--json",
            paramLabel = "FILE",
            description = "Write the result as JSON: for copy and build, per destination its reference, digest, status"
                    + " (pushed, present, failed) and bytes uploaded; for sizes, image-sizes.json.")
    Path json;

    @Option(
            names = {"-q", "--quiet"},
            description = "No progress on stderr (errors still show).")
    boolean quiet;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    CopyListener progress() {
        return new ConsoleProgress(stderr(), quiet);
    }

    RateLimitListener rateLimitListener() {
        PrintWriter err = stderr();
        return (host, limit) -> {
            if (!quiet) {
                synchronized (err) {
                    err.println("rate limit at " + host + ": " + limit);
                }
            }
        };
    }

    private PrintWriter stderr() {
        return spec.commandLine().getErr();
    }

    /** One line per destination on stdout: status, reference with digest. */
    void summary(CopyResult result) {
        PrintWriter out = spec.commandLine().getOut();
        for (DestinationResult d : result.destinations()) {
            out.println(d.status().label() + "\t" + (d.succeeded() ? d.reference() : d.destination()));
        }
        out.flush();
    }

    /** Writes the JSON result to a temp file and renames it: a reader never sees half of it. */
    void writeJson(String source, CopyResult result) throws IOException {
        if (json == null) {
            return;
        }
        JsonObject doc = new JsonObject();
        doc.put("source", source);
        doc.put("sourceDigest", result.sourceDigest().toString());
        doc.put("digest", result.root().digest().toString());
        doc.put("digestChanged", result.digestChanged());
        JsonArray list = doc.putArray("destinations");
        for (DestinationResult d : result.destinations()) {
            JsonObject m = list.addObject();
            m.put("destination", d.destination());
            m.put("reference", d.reference());
            m.put("digest", d.digest() == null ? null : d.digest().toString());
            m.put("status", d.status().label());
            m.put("bytesUploaded", d.bytesUploaded());
            m.put("blobsCopied", d.blobsCopied());
            m.put("blobsPresent", d.blobsPresent());
            m.put("blobsMounted", d.blobsMounted());
            m.put("error", d.error());
        }
        writeAtomically(json, JsonWriter.indentedText(doc).getBytes(StandardCharsets.UTF_8));
    }

    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null) {
            throw new IOException("writing " + absolute + ": a root is not a file; name a file, e.g. out/report.json");
        }
        Files.createDirectories(dir);
        StagedFile.write(absolute, bytes);
    }
}

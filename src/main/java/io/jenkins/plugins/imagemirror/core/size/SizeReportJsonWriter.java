package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.archive.StagedFile;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.JsonArray;
import io.jenkins.plugins.imagemirror.core.image.JsonObject;
import io.jenkins.plugins.imagemirror.core.image.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes {@code image-sizes.json}, following resources/schema/image-sizes.schema.json (version
 * {@link SizeReport#SCHEMA_VERSION}). Additive changes keep the version; renaming or removing a field bumps it.
 */
public final class SizeReportJsonWriter {
    public static final String FILE_NAME = "image-sizes.json";

    /** The report as JSON text (indented, UTF-8 when written). */
    public String toJsonText(SizeReport report) {
        return JsonWriter.indentedText(toJson(report));
    }

    JsonObject toJson(SizeReport report) {
        JsonObject root = new JsonObject();
        root.put("schemaVersion", SizeReport.SCHEMA_VERSION);
        root.put("image", report.image());
        if (report.index() != null) {
            root.put("index", blob(report.index()));
        } else {
            root.put("index", (String) null);
        }
        JsonArray platforms = root.putArray("platforms");
        for (PlatformSizes p : report.platforms()) {
            platforms.add(platform(p));
        }
        JsonArray destinations = root.putArray("destinations");
        for (DestinationDigest d : report.destinations()) {
            destinations
                    .addObject()
                    .put("reference", d.reference())
                    .put("digest", d.digest().toString())
                    .put("pinned", d.pinned());
        }
        if (report.archives() != null) {
            JsonObject archives = root.putObject("archives");
            archives.put("name", report.archives().name());
            archives.put("ociArchive", report.archives().ociArchive());
            archives.put("dockerArchive", report.archives().dockerArchive());
        }
        return root;
    }

    /** Writes the JSON to {@code out}, which stays open. */
    public void write(SizeReport report, OutputStream out) throws IOException {
        JsonWriter.writeIndented(toJson(report), out);
    }

    /** Writes {@code dir/image-sizes.json} through a temp file, so readers never see half a report. */
    public Path write(SizeReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(FILE_NAME);
        try (StagedFile file = StagedFile.create(target)) {
            write(report, file.stream());
            file.commit();
        } catch (IOException e) {
            throw new IOException("writing " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    private JsonObject platform(PlatformSizes p) {
        JsonObject node = new JsonObject();
        node.put("platform", p.platform());
        node.put("manifest", blob(p.manifest()));
        node.put("config", blob(p.config()));
        node.put("indexBytes", p.indexBytes());
        JsonObject bytes = node.putObject("bytes");
        putAll(bytes, p.sizes().byKey());
        JsonObject printed = node.putObject("printed");
        for (Map.Entry<String, String> e : p.sizes().printed().entrySet()) {
            printed.put(e.getKey(), e.getValue());
        }
        node.putObject("estimates")
                .put("containerdSnapshot", p.sizes().containerdSnapshotEstimate())
                .put("dockerContainerdStore", p.sizes().dockerContainerdStoreEstimate());
        JsonObject totals = node.putObject("totals");
        totals.put("compressedBytes", p.sizes().registry());
        totals.put("tarStreamBytes", p.tarStreamBytes());
        totals.put("regularFileBytes", p.sizes().dockerVfs());
        totals.put("symlinkTargetBytes", p.sizes().docker() - p.sizes().dockerVfs());
        totals.put("hiddenBytes", p.hiddenBytes());
        JsonObject download = node.putObject("download");
        download.put("bytes", p.downloadBytes());
        JsonArray present = download.putArray("presentLayers");
        for (Digest d : p.presentLayers()) {
            present.add(d.toString());
        }
        JsonArray layers = node.putArray("layers");
        for (LayerStats l : p.layers()) {
            layers.add(layer(l));
        }
        JsonArray explanation = node.putArray("explanation");
        for (String line : p.explanation()) {
            explanation.add(line);
        }
        return node;
    }

    private JsonObject layer(LayerStats l) {
        JsonObject node = new JsonObject();
        node.put("index", l.index());
        node.put("digest", l.digest().toString());
        node.put("mediaType", l.mediaType());
        node.put("diffId", l.diffId().toString());
        node.put("compressedBytes", l.compressedBytes());
        node.put("tarStreamBytes", l.tarStreamBytes());
        node.put("regularFileBytes", l.regularFileBytes());
        node.put("symlinkTargetBytes", l.symlinkTargetBytes());
        node.put("hiddenBytes", l.hiddenBytes());
        node.put("snapshotBytesEstimate", l.snapshotBytesEstimate());
        JsonObject bytes = node.putObject("bytes");
        putAll(bytes, RuntimeSizeCalculator.forLayer(l).byKey());
        JsonObject counts = node.putObject("counts");
        counts.put("files", l.files())
                .put("directories", l.directories())
                .put("symlinks", l.symlinks())
                .put("hardlinks", l.hardlinks())
                .put("whiteouts", l.whiteouts())
                .put("opaqueWhiteouts", l.opaqueWhiteouts())
                .put("other", l.otherEntries());
        JsonArray largest = node.putArray("largestFiles");
        for (FileSize f : l.largestFiles()) {
            largest.addObject().put("path", f.path()).put("bytes", f.size());
        }
        if (l.createdBy() != null) {
            node.put("createdBy", l.createdBy());
        } else {
            node.put("createdBy", (String) null);
        }
        return node;
    }

    private static void putAll(JsonObject node, Map<String, Long> values) {
        for (Map.Entry<String, Long> e : values.entrySet()) {
            node.put(e.getKey(), (long) e.getValue());
        }
    }

    private JsonObject blob(Descriptor b) {
        return new JsonObject()
                .put("mediaType", b.mediaType())
                .put("digest", b.digest().toString())
                .put("bytes", b.size());
    }
}

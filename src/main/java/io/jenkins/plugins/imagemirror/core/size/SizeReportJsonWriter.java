package io.jenkins.plugins.imagemirror.core.size;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.JsonTree;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes {@code image-sizes.json}, following resources/schema/image-sizes.schema.json (version
 * {@link SizeReport#SCHEMA_VERSION}). Additive changes keep the version; renaming or removing a field bumps it.
 */
public final class SizeReportJsonWriter {
    public static final String FILE_NAME = "image-sizes.json";
    /** Trees only: written by JsonTree, without an ObjectMapper (a fresh agent JVM loads ~490 classes fewer). */
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The report as JSON text (indented, UTF-8 when written). */
    public String toJsonText(SizeReport report) {
        return JsonTree.indentedText(toJson(report));
    }

    ObjectNode toJson(SizeReport report) {
        ObjectNode root = NODES.objectNode();
        root.put("schemaVersion", SizeReport.SCHEMA_VERSION);
        root.put("image", report.image());
        if (report.index() != null) {
            root.set("index", blob(report.index()));
        } else {
            root.putNull("index");
        }
        ArrayNode platforms = root.putArray("platforms");
        for (PlatformSizes p : report.platforms()) {
            platforms.add(platform(p));
        }
        ArrayNode destinations = root.putArray("destinations");
        for (DestinationDigest d : report.destinations()) {
            destinations
                    .addObject()
                    .put("reference", d.reference())
                    .put("digest", d.digest().toString())
                    .put("pinned", d.pinned());
        }
        if (report.archives() != null) {
            ObjectNode archives = root.putObject("archives");
            archives.put("name", report.archives().name());
            archives.put("ociArchive", report.archives().ociArchive());
            archives.put("dockerArchive", report.archives().dockerArchive());
        }
        return root;
    }

    /** Writes the JSON to {@code out}, which stays open. */
    public void write(SizeReport report, OutputStream out) throws IOException {
        JsonTree.writeIndented(toJson(report), out);
    }

    /** Writes {@code dir/image-sizes.json} through a temp file, so readers never see half a report. */
    public Path write(SizeReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(FILE_NAME);
        Path tmp = Files.createTempFile(dir, FILE_NAME, ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            write(report, out);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("writing " + target + ": " + e.getMessage(), e);
        }
        return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private ObjectNode platform(PlatformSizes p) {
        ObjectNode node = NODES.objectNode();
        node.put("platform", p.platform());
        node.set("manifest", blob(p.manifest()));
        node.set("config", blob(p.config()));
        node.put("indexBytes", p.indexBytes());
        ObjectNode bytes = node.putObject("bytes");
        p.sizes().byKey().forEach(bytes::put);
        ObjectNode printed = node.putObject("printed");
        p.sizes().printed().forEach(printed::put);
        node.putObject("estimates")
                .put("containerdSnapshot", p.sizes().containerdSnapshotEstimate())
                .put("dockerContainerdStore", p.sizes().dockerContainerdStoreEstimate());
        ObjectNode totals = node.putObject("totals");
        totals.put("compressedBytes", p.sizes().registry());
        totals.put("tarStreamBytes", p.tarStreamBytes());
        totals.put("regularFileBytes", p.sizes().dockerVfs());
        totals.put("symlinkTargetBytes", p.sizes().docker() - p.sizes().dockerVfs());
        totals.put("hiddenBytes", p.hiddenBytes());
        ObjectNode download = node.putObject("download");
        download.put("bytes", p.downloadBytes());
        ArrayNode present = download.putArray("presentLayers");
        p.presentLayers().forEach(d -> present.add(d.toString()));
        ArrayNode layers = node.putArray("layers");
        for (LayerStats l : p.layers()) {
            layers.add(layer(l));
        }
        ArrayNode explanation = node.putArray("explanation");
        p.explanation().forEach(explanation::add);
        return node;
    }

    private ObjectNode layer(LayerStats l) {
        ObjectNode node = NODES.objectNode();
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
        ObjectNode bytes = node.putObject("bytes");
        RuntimeSizeCalculator.forLayer(l).byKey().forEach(bytes::put);
        ObjectNode counts = node.putObject("counts");
        counts.put("files", l.files())
                .put("directories", l.directories())
                .put("symlinks", l.symlinks())
                .put("hardlinks", l.hardlinks())
                .put("whiteouts", l.whiteouts())
                .put("opaqueWhiteouts", l.opaqueWhiteouts())
                .put("other", l.otherEntries());
        ArrayNode largest = node.putArray("largestFiles");
        for (FileSize f : l.largestFiles()) {
            largest.addObject().put("path", f.path()).put("bytes", f.size());
        }
        if (l.createdBy() != null) {
            node.put("createdBy", l.createdBy());
        } else {
            node.putNull("createdBy");
        }
        return node;
    }

    private ObjectNode blob(Descriptor b) {
        return NODES.objectNode()
                .put("mediaType", b.mediaType())
                .put("digest", b.digest().toString())
                .put("bytes", b.size());
    }
}

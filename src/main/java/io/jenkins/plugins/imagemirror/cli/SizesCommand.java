package io.jenkins.plugins.imagemirror.cli;

import io.jenkins.plugins.imagemirror.core.copy.CopyListener;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.core.size.ImageSizer;
import io.jenkins.plugins.imagemirror.core.size.SizeReport;
import io.jenkins.plugins.imagemirror.core.size.SizeReportHtmlWriter;
import io.jenkins.plugins.imagemirror.core.size.SizeReportJsonWriter;
import io.jenkins.plugins.imagemirror.core.size.SizeReportTextWriter;
import io.jenkins.plugins.imagemirror.core.transport.ArchiveName;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
import io.jenkins.plugins.imagemirror.core.transport.ImageSource;
import io.jenkins.plugins.imagemirror.core.transport.Transports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sizes SRC}: the size each runtime will report, without pulling the image into any of them. */
@Command(
        name = "sizes",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Tell the size each runtime (Docker Hub, containerd/Kubernetes, podman, docker) will report"
                    + " for SRC, per platform and per layer, and why they differ, and the size of the archive files"
                    + " copy writes with the same --platform choice. Reads each layer once.",
            "Locations: docker://REF, oci-archive:PATH[:NAME], oci:DIR[:NAME], docker-archive:PATH[:NAME]."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the report was written", "1:the source could not be read", "2:usage error"})
final class SizesCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SRC", description = "The image.")
    String source;

    @Option(
            names = "--platform",
            split = ",",
            paramLabel = "OS/ARCH[/VARIANT]",
            description = "Only these platforms of an index (comma-separated or repeated; default: every platform),"
                    + " as copy --platform takes them.")
    List<String> platforms = new ArrayList<>();

    @Option(
            names = "--archive-name",
            paramLabel = "NAME",
            description = "The name the predicted archive files carry, as in oci-archive:PATH:NAME (default: the"
                    + " image's own name, which copy gives an archive written without :NAME).")
    String archiveName;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description = "Write the HTML report here (its stylesheet image-sizes.css beside it).")
    Path html;

    @Mixin
    OutputOptions output;

    @Mixin
    RegistryOptions registry;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ImageLocation location = ImageLocation.parse(source);
        List<Platform> only = new ArrayList<>();
        for (String p : platforms) {
            only.add(Platform.parse(p));
        }
        CopyListener progress = output.progress();
        SizeReport report;
        try (ImageSource src =
                Transports.openSource(location, registry.registries().onRateLimit(output.rateLimitListener()))) {
            Descriptor root = src.resolve();
            progress.resolved(src.describe(), root);
            String name = archiveName;
            if (name == null) {
                name = src.imageName().orElse(null);
            }
            if (name == null) {
                name = ArchiveName.fallback(Path.of(location.path()));
                progress.info("the archive sizes assume the name '" + name + "', which copy gives an archive of "
                        + "this unnamed image written to a file of the same name (another: --archive-name NAME)");
            }
            report = new ImageSizer()
                    .size(location.toString(), name, root, src::manifest, src::openBlob, only, Set.of());
        }
        if (output.json != null) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new SizeReportJsonWriter().write(report, bytes);
            OutputOptions.writeAtomically(output.json, bytes.toByteArray());
        }
        if (html != null) {
            OutputOptions.writeAtomically(
                    html.resolveSibling(SizeReportHtmlWriter.STYLESHEET),
                    SizeReportHtmlWriter.stylesheet().getBytes(StandardCharsets.UTF_8));
            OutputOptions.writeAtomically(
                    html, new SizeReportHtmlWriter().toHtml(report).getBytes(StandardCharsets.UTF_8));
        }
        spec.commandLine().getOut().print(new SizeReportTextWriter().toText(report));
        spec.commandLine().getOut().flush();
        return 0;
    }
}

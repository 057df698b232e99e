package io.jenkins.plugins.imagemirror.cli;

import io.jenkins.plugins.imagemirror.core.copy.ImageLocation;
import io.jenkins.plugins.imagemirror.core.copy.ImageSource;
import io.jenkins.plugins.imagemirror.core.copy.Transports;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.core.size.SizeReport;
import io.jenkins.plugins.imagemirror.core.size.SizeReportHtmlWriter;
import io.jenkins.plugins.imagemirror.core.size.SizeReportJsonWriter;
import io.jenkins.plugins.imagemirror.core.size.SizeReportTextWriter;
import io.jenkins.plugins.imagemirror.core.size.ImageSizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sizes SRC}: the size each runtime will report, without pulling the image into any of them. */
@Command(name = "sizes", sortOptions = false,
        description = {"Tell the size each runtime (Docker Hub, containerd/Kubernetes, podman, docker) will report"
                + " for SRC, per platform and per layer, and why they differ. Reads each layer once."})
final class SizesCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SRC", description = "The image: docker://REF, oci-archive:PATH, oci:DIR, docker-archive:PATH.")
    String source;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "Only this platform of an index (default: every platform).")
    String platform;

    @Option(names = "--json", paramLabel = "FILE", description = "Write image-sizes.json here.")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report here (its stylesheet image-sizes.css beside it).")
    Path html;

    @Mixin
    RegistryOptions registry;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ImageLocation location = ImageLocation.parse(source);
        Platform only = platform == null ? null : Platform.parse(platform);
        SizeReport report;
        try (ImageSource src = Transports.openSource(location, registry.registries())) {
            report = new ImageSizer().size(location.toString(), src.resolve(), src::manifest, src::openBlob, only,
                    Set.of());
        }
        if (json != null) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new SizeReportJsonWriter().write(report, bytes);
            OutputOptions.writeAtomically(json, bytes.toByteArray());
        }
        if (html != null) {
            OutputOptions.writeAtomically(html.resolveSibling(SizeReportHtmlWriter.STYLESHEET),
                    SizeReportHtmlWriter.stylesheet().getBytes(StandardCharsets.UTF_8));
            OutputOptions.writeAtomically(html, new SizeReportHtmlWriter().toHtml(report).getBytes(StandardCharsets.UTF_8));
        }
        spec.commandLine().getOut().print(new SizeReportTextWriter().toText(report));
        spec.commandLine().getOut().flush();
        return 0;
    }
}

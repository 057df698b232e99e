package io.jenkins.plugins.imagemirror.cli;

import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.ImageCopier;
import io.jenkins.plugins.imagemirror.core.copy.ImageDestination;
import io.jenkins.plugins.imagemirror.core.copy.ImageLocation;
import io.jenkins.plugins.imagemirror.core.copy.ImageSource;
import io.jenkins.plugins.imagemirror.core.copy.Transports;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code copy SRC DST [DST...]}: one source to many destinations, digest-preserving. */
@Command(name = "copy", sortOptions = false,
        description = {"Copy an image from SRC to every DST with the same digest, reading each blob once.",
                "Locations: docker://REF, oci-archive:PATH[:NAME], oci:DIR[:NAME], docker-archive:PATH[:NAME]."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every destination succeeded", "1:a destination or the source failed (the others complete)",
                "2:usage error"})
final class CopyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SRC", description = "Where the image is.")
    String source;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "DST", description = "Where to write it.")
    List<String> destinations;

    @Mixin
    OutputOptions output;

    @Mixin
    CopyTuning tuning;

    @Mixin
    RegistryOptions registry;

    @Mixin
    ReportOptions report;

    @Override
    public Integer call() throws IOException {
        ImageLocation from = ImageLocation.parse(source);
        List<ImageLocation> to = new ArrayList<>();
        for (String d : destinations) {
            to.add(ImageLocation.parse(d));
        }
        Registries registries = registry.registries().onRateLimit(output.rateLimitListener());
        CopyOptions options = tuning.copyOptions();
        List<ImageDestination> opened = new ArrayList<>();
        try (ImageSource src = Transports.openSource(from, registries)) {
            for (ImageLocation location : to) {
                opened.add(Transports.openDestination(location, registries, tuning.tags, tuning.dockerPlatform()));
            }
            CopyResult result = new ImageCopier(options, output.progress()).copy(src, opened);
            output.writeJson(from, result);
            output.summary(result);
            if (result.allSucceeded()) {
                report.write(src, from.toString(), options.platforms(), result);
            }
            return result.allSucceeded() ? 0 : 1;
        } finally {
            Closing.all(opened);
        }
    }
}

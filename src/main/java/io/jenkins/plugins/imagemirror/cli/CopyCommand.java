package io.jenkins.plugins.imagemirror.cli;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import io.jenkins.plugins.imagemirror.core.job.JobRequest;
import io.jenkins.plugins.imagemirror.core.job.JobTarget;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code copy SRC DST [DST...]}: one source to many destinations, digest-preserving. */
@Command(
        name = "copy",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Copy an image from SRC to every DST with the same digest, reading each blob once.",
            "Locations: docker://REF, oci-archive:PATH[:NAME], oci:DIR[:NAME], docker-archive:PATH[:NAME]."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every destination succeeded",
            "1:a destination or the source failed (the others complete)",
            "2:usage error"
        })
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
    public Integer call() throws IOException, InterruptedException, BuildInputException {
        JobTarget from = JobTarget.of(ImageLocation.parse(source));
        List<JobTarget> to = Delivery.targets(destinations);
        Registries registries = registry.registries().onRateLimit(output.rateLimitListener());
        return Delivery.run(
                new JobRequest(
                        from,
                        null,
                        to,
                        tuning.tags,
                        tuning.parsedPlatforms(),
                        tuning.copyOptions(),
                        registries,
                        report.report,
                        report.report != null),
                from.location().toString(),
                output);
    }
}

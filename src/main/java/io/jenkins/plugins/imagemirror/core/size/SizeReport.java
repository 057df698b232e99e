package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import java.util.List;

/**
 * Everything image-sizes.json, image-sizes.html and image-digests.env say about one image.
 *
 * @param image        the image's name as the user gave it (source reference, build name); shown escaped
 * @param index        the index when the image is multi-platform, else null
 * @param platforms    one entry per platform, in index order
 * @param destinations where the image went and its digest there (may be empty)
 * @param archives     the archive files copy writes for the whole image with the report's platform choice (the
 *                     per-platform ones are in each platform's sizes); null when not predicted
 */
public record SizeReport(
        String image,
        Descriptor index,
        List<PlatformSizes> platforms,
        List<DestinationDigest> destinations,
        ImageArchives archives) {
    /** Version of the JSON schema (resources/schema/image-sizes.schema.json) the JSON writer follows. */
    public static final int SCHEMA_VERSION = 1;

    public SizeReport {
        platforms = List.copyOf(platforms);
        destinations = List.copyOf(destinations);
    }

    public SizeReport(
            String image, Descriptor index, List<PlatformSizes> platforms, List<DestinationDigest> destinations) {
        this(image, index, platforms, destinations, null);
    }

    public SizeReport withDestinations(List<DestinationDigest> pushed) {
        return new SizeReport(image, index, platforms, pushed, archives);
    }

    public SizeReport withArchives(ImageArchives predicted) {
        return new SizeReport(image, index, platforms, destinations, predicted);
    }
}

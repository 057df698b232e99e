package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.size.SizeReportHtmlWriter;

/**
 * The name a report file is archived under, so that several image step calls in one build keep their own artifacts.
 * The build's first call that archives (set 1) keeps the plain names a later stage expects ({@code image-digests.env},
 * {@code image-sizes.json}, {@code image-sizes.html}); set {@code n > 1} puts {@code -n} before the extension
 * ({@code image-sizes-2.json}). The stylesheet keeps its name in every set: each page links it by that name, and
 * its content is the same for all.
 */
final class ArtifactName {
    private ArtifactName() {}

    /**
     * @param file a report file's name, as the agent wrote it
     * @param set the call's artifact set in the build, 1 for the first ({@link ImageMirrorAction#artifactSet})
     */
    static String of(String file, int set) {
        if (set <= 1 || file.equals(SizeReportHtmlWriter.STYLESHEET)) {
            return file;
        }
        int dot = file.lastIndexOf('.');
        return dot <= 0 ? file + "-" + set : file.substring(0, dot) + "-" + set + file.substring(dot);
    }
}

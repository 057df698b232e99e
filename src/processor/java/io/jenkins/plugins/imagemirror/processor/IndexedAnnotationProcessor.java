package io.jenkins.plugins.imagemirror.processor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.StandardLocation;

/**
 * Writes annotation-indexer's index for every annotation that is itself annotated
 * {@code @org.jvnet.hudson.annotation_indexer.Indexed} (Jenkins' {@code @org.jenkinsci.Symbol}, {@code @Initializer},
 * ...): {@code META-INF/annotations/<binary name of the annotation>}, UTF-8, the binary names of the classes that carry
 * the annotation on themselves or on a member, sorted, one a line.
 *
 * <p>Contract and format are those of {@code org.jvnet.hudson.annotation_indexer.AnnotationProcessorImpl}
 * (jenkinsci/lib-annotation-indexer), which a real plugin build gets on its processor path through jenkins-core; the
 * reader is {@code Index.listClassNames}, e.g. in structs' {@code SymbolLookup.find}, without which a symbol such as
 * {@code target(...)} is "No such DSL method". Build-time only: compiled before the main sources, put on their
 * processor path beside SezPoz, never packaged.
 */
@SupportedAnnotationTypes("*")
public final class IndexedAnnotationProcessor extends AbstractProcessor {
    static final String INDEXED = "org.jvnet.hudson.annotation_indexer.Indexed";
    static final String INDEX_DIRECTORY = "META-INF/annotations/";

    /** Annotation binary name to the binary names of the classes that use it; collected over all rounds. */
    private final Map<String, Set<String>> uses = new TreeMap<>();

    private final Map<String, List<Element>> origins = new TreeMap<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (round.processingOver()) {
            uses.forEach(this::write);
            return false;
        }
        for (TypeElement annotation : annotations) {
            if (!isIndexed(annotation)) {
                continue;
            }
            String name =
                    processingEnv.getElementUtils().getBinaryName(annotation).toString();
            for (Element use : round.getElementsAnnotatedWith(annotation)) {
                TypeElement owner = owningType(use);
                if (owner == null) {
                    processingEnv
                            .getMessager()
                            .printMessage(
                                    Diagnostic.Kind.ERROR,
                                    "@" + name + " is indexed by class; put it on a class or on a class member",
                                    use);
                    continue;
                }
                uses.computeIfAbsent(name, k -> new TreeSet<>())
                        .add(processingEnv
                                .getElementUtils()
                                .getBinaryName(owner)
                                .toString());
                origins.computeIfAbsent(name, k -> new ArrayList<>()).add(use);
            }
        }
        // Never claims an annotation: SezPoz sees @Extension on the same classes.
        return false;
    }

    private boolean isIndexed(TypeElement annotation) {
        for (AnnotationMirror meta : processingEnv.getElementUtils().getAllAnnotationMirrors(annotation)) {
            TypeElement type = (TypeElement) meta.getAnnotationType().asElement();
            if (processingEnv.getElementUtils().getBinaryName(type).contentEquals(INDEXED)) {
                return true;
            }
        }
        return false;
    }

    /** The class itself, or the class declaring an annotated method, field or constructor. */
    private static TypeElement owningType(Element use) {
        if (use.getKind().isClass() || use.getKind().isInterface()) {
            return (TypeElement) use;
        }
        Element enclosing = use.getEnclosingElement();
        return enclosing instanceof TypeElement type ? type : null;
    }

    private void write(String annotation, Set<String> classes) {
        String path = INDEX_DIRECTORY + annotation;
        StringBuilder text = new StringBuilder();
        for (String name : classes) {
            text.append(name).append('\n');
        }
        try (OutputStream out = processingEnv
                .getFiler()
                .createResource(
                        StandardLocation.CLASS_OUTPUT,
                        "",
                        path,
                        origins.get(annotation).toArray(Element[]::new))
                .openOutputStream()) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            processingEnv
                    .getMessager()
                    .printMessage(
                            Diagnostic.Kind.ERROR,
                            "writing the annotation index " + path + ": " + e
                                    + " (is another processor writing it too?)");
        }
    }
}

package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each step's Snippet Generator form offers its parameters, and only those. mirrorImage and buildImage share the
 * fields PushingImageStep declares through {@code <st:include page="config-pushing.jelly"
 * class="${descriptor.clazz}"/>}, the pattern the Credentials plugin documents for BaseStandardCredentials'
 * {@code id-and-description}. How Stapler resolves it (read at stapler's jelly and core modules):
 * {@code IncludeTag.getScriptClass} takes {@code clazz} (the {@code class} attribute, rewritten to {@code clazz} by
 * {@code AttributeNameRewritingTagScript}), and {@code AbstractTearOff.loadScript} looks the page up on that class,
 * then on each {@code owner.baseClass} in turn. That lookup is modelled below, on the step class the descriptor's
 * {@code clazz} names.
 */
class StepFormTest {
    static final Path VIEWS = Path.of("src/main/resources");
    static final Pattern FIELD = Pattern.compile("<f:entry field=\"(\\w+)\"");
    static final Pattern INCLUDE =
            Pattern.compile("<st:include page=\"([\\w.-]+)\" class=\"\\$\\{descriptor.clazz}\"/>");

    @ParameterizedTest
    @EnumSource(StepKind.class)
    void theFormOffersEveryParameterButListsOfStrings(StepKind kind) throws Exception {
        Class<?> step = kind.stepClass();
        List<String> fields = fields(step, "config.jelly");
        List<String> expected = new ArrayList<>();
        for (String parameter : kind.parameters()) {
            if (!listOfStrings(step, parameter)) { // buildArgs, tags, platforms: written in the script
                expected.add(parameter);
            }
        }
        assertThat(fields).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** The {@code field}s of a view, with the pages it includes resolved as Stapler does. */
    static List<String> fields(Class<?> type, String page) throws Exception {
        String jelly = Files.readString(find(type, page));
        assertThat(jelly).startsWith("<?jelly escape-by-default='true'?>");
        List<String> fields = new ArrayList<>();
        Matcher field = FIELD.matcher(jelly);
        while (field.find()) {
            fields.add(field.group(1));
        }
        Matcher include = INCLUDE.matcher(jelly);
        while (include.find()) {
            fields.addAll(fields(type, include.group(1)));
        }
        return fields;
    }

    /** AbstractTearOff.loadScript: the page on the class itself, else on its base class, and so on. */
    static Path find(Class<?> type, String page) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Path view = VIEWS.resolve(c.getName().replace('.', '/')).resolve(page);
            if (Files.exists(view)) {
                return view;
            }
        }
        throw new AssertionError("no " + page + " for " + type.getName() + " or its base classes");
    }

    static boolean listOfStrings(Class<?> step, String parameter) throws Exception {
        String setter = "set" + Character.toUpperCase(parameter.charAt(0)) + parameter.substring(1);
        for (Method method : step.getMethods()) {
            if (method.getName().equals(setter)
                    && method.getGenericParameterTypes()[0] instanceof ParameterizedType list) {
                return list.getActualTypeArguments()[0] == String.class;
            }
        }
        return false;
    }
}

package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sun.reflect.ReflectionFactory;

/**
 * Unknown step parameters fail the step, as docs/steps.md says. In real Jenkins a step's named arguments reach
 * structs' {@code DescribableModel.instantiate(Map, TaskListener)}, which drops unknown ones with only a log line
 * ("WARNING: Unknown parameter(s) found for class type …"), unless the descriptor overrides
 * {@code StepDescriptor.newInstance(Map<String,Object>)}: workflow-cps {@code DSL.invokeStep} calls
 * {@code d.newInstance(ps.namedArgs)} when {@code Util.isOverridden(StepDescriptor.class, d.getClass(), "newInstance",
 * Map.class)}, and reports what it throws through {@code context.onFailure} (an AbortException: one line, no stack).
 */
class StepParametersTest {

    static Stream<Arguments> descriptors() {
        return Stream.of(
                Arguments.of(
                        MirrorImageStep.DescriptorImpl.class,
                        "sorce",
                        "mirrorImage: unknown parameter 'sorce'; valid parameters: archiveTarball, buildArgs,"
                                + " buildFile, context, credentialsId, dockerfile, jobs, platforms, report, source,"
                                + " sourceCredentialsId, tags, tarball, target, targets"),
                Arguments.of(
                        BuildImageStep.DescriptorImpl.class,
                        "source",
                        "buildImage: unknown parameter 'source'; valid parameters: archiveTarball, buildArgs,"
                                + " buildFile, context, credentialsId, dockerfile, jobs, platforms, tags, tarball, target, targets"),
                Arguments.of(
                        ImageSizesStep.DescriptorImpl.class,
                        "target",
                        "imageSizes: unknown parameter 'target'; valid parameters: source, platforms, sourceCredentialsId"));
    }

    @ParameterizedTest
    @MethodSource("descriptors")
    void dslCallsTheDescriptorsNewInstance(Class<? extends StepDescriptor> type, String unknown, String message) {
        assertThat(isOverridden(StepDescriptor.class, type, "newInstance", Map.class))
                .as("DSL.invokeStep takes the descriptor's newInstance, not structs' lenient instantiate")
                .isTrue();
    }

    @ParameterizedTest
    @MethodSource("descriptors")
    void anUnknownParameterFailsTheStepNamingItAndTheValidOnes(
            Class<? extends StepDescriptor> type, String unknown, String message) throws Exception {
        StepDescriptor descriptor = allocate(type);
        LinkedHashMap<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("source", "alpine:3.20");
        arguments.remove(unknown);
        arguments.put(unknown, "value");
        assertThatThrownBy(() -> descriptor.newInstance(arguments))
                .isExactlyInstanceOf(AbortException.class)
                .hasMessage(message);
    }

    /**
     * Models hudson.Util.isOverridden: the most specific declaration of the method, looking up from {@code derived},
     * is not {@code base}'s.
     */
    static boolean isOverridden(Class<?> base, Class<?> derived, String name, Class<?>... types) {
        for (Class<?> c = derived; c != null && c != base; c = c.getSuperclass()) {
            try {
                c.getDeclaredMethod(name, types);
                return true;
            } catch (NoSuchMethodException e) {
                // keep looking up
            }
        }
        return false;
    }

    /**
     * The descriptor without running Jenkins' Descriptor constructor (the stand-in's cannot run outside Jenkins):
     * newInstance needs only the function name, which is a constant of each descriptor.
     */
    static <T> T allocate(Class<T> type) throws ReflectiveOperationException {
        return type.cast(ReflectionFactory.getReflectionFactory()
                .newConstructorForSerialization(type, Object.class.getDeclaredConstructor())
                .newInstance());
    }
}

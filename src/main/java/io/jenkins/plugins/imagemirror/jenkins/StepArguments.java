package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import java.beans.Introspector;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A step call's named arguments and its typed step, both ways. The step classes declare the parameters (a
 * {@code @DataBoundConstructor} argument or a {@code @DataBoundSetter}, with a getter): this class finds them by
 * reflection as structs' {@code DescribableModel} does, so a new parameter is declared once, in its step class.
 * <ul>
 *   <li>{@link #parameters}: the names, in structs' order (constructor arguments, then setters alphabetically; see
 *       {@code DescribableModel(Class)}), which is also the order of Jenkins' Pipeline Syntax page;</li>
 *   <li>{@link #arguments}: a step as the named arguments a script would write (what {@link StepCall} saves, so that
 *       a call resumed after a restart, even under an upgraded plugin, is bound again from plain values);</li>
 *   <li>{@link #bind}: named arguments (a script's map in the JenkinsPipelineUnit tests, a saved call) as the typed
 *       step, failing with one line that names the parameter; like {@code DescribableModel.instantiate}, whose
 *       coercion Jenkins applies before the step starts;</li>
 *   <li>{@link #parse}: bind, then {@link ImageWorkSpec#of}, the one validator.</li>
 * </ul>
 */
public final class StepArguments {

    private StepArguments() {}

    /** Like {@link #parse(StepKind, Map, boolean)} for a source the workspace does not hold. */
    public static ImageWorkSpec parse(StepKind kind, Map<String, ?> arguments) {
        return parse(kind, arguments, false);
    }

    /**
     * Binds and validates {@code arguments} (values may be Groovy strings, booleans, lists or maps) for {@code kind}.
     *
     * @param sourceInWorkspace whether the workspace holds an image at the text of {@code source} (see
     *     {@link SourceForm}); only asked when the text alone does not decide
     * @throws IllegalArgumentException naming the step and the parameter at fault
     */
    public static ImageWorkSpec parse(StepKind kind, Map<String, ?> arguments, boolean sourceInWorkspace) {
        return ImageWorkSpec.of(bind(kind, arguments), sourceInWorkspace);
    }

    /**
     * The parameters of {@code kind}'s step class: the {@code @DataBoundConstructor}'s arguments in their order, then
     * every {@code @DataBoundSetter} of the class and its superclasses, alphabetically (structs'
     * {@code DescribableModel} constructor: "rest of the properties will be sorted alphabetically").
     */
    public static List<String> parameters(StepKind kind) {
        return new ArrayList<>(model(kind.stepClass()).keySet());
    }

    /**
     * Fails on a parameter the step does not have, naming it and the valid ones. Jenkins' structs only logs a
     * warning for unknown parameters, so the descriptor calls this before binding (see ImageStepDescriptor).
     *
     * @throws IllegalArgumentException naming the step, the unknown parameter(s) and every parameter it accepts
     */
    public static void checkKnown(StepKind kind, Collection<String> names) {
        List<String> known = parameters(kind);
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            if (!known.contains(name)) {
                unknown.add("'" + name + "'");
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(kind.functionName() + ": unknown parameter"
                    + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown) + "; valid parameters: "
                    + String.join(", ", known));
        }
    }

    /**
     * The step's named arguments, in {@link #parameters} order: every constructor argument, and each setter's value
     * that differs from a new step's (as structs' {@code uninstantiate} leaves defaults out). Values are plain:
     * Strings, Booleans, Integers, ArrayLists of Strings, and {@code targets} as ArrayLists of LinkedHashMaps.
     */
    public static LinkedHashMap<String, Object> arguments(ImageStep step) {
        StepKind kind = step.kind();
        ImageStep defaults = bind(kind, Map.of());
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        for (Property property : model(kind.stepClass()).values()) {
            Object value = plain(property.get(step));
            if (value != null && (property.inConstructor() || !value.equals(plain(property.get(defaults))))) {
                map.put(property.name(), value);
            }
        }
        return map;
    }

    /**
     * The typed step for {@code arguments}: unknown names refused, each value checked against its parameter's type
     * and passed to the constructor or setter (which strip and drop blanks).
     *
     * @throws IllegalArgumentException naming the step and the parameter whose value does not fit
     */
    public static ImageStep bind(StepKind kind, Map<String, ?> arguments) {
        checkKnown(kind, arguments.keySet());
        String step = kind.functionName();
        Constructor<?> constructor = constructor(kind.stepClass());
        Parameter[] declared = constructor.getParameters();
        Object[] values = new Object[declared.length];
        for (int i = 0; i < declared.length; i++) {
            values[i] = coerce(step, declared[i].getName(), declared[i].getParameterizedType(), arguments);
        }
        ImageStep instance = (ImageStep) invoke(() -> constructor.newInstance(values));
        for (Property property : model(kind.stepClass()).values()) {
            if (property.setter() != null && arguments.get(property.name()) != null) {
                Object value = coerce(step, property.name(), property.type(), arguments);
                invoke(() -> property.setter().invoke(instance, value));
            }
        }
        return instance;
    }

    static void reference(String step, String parameter, String text) {
        try {
            ImageReference.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(step + ": parameter '" + parameter + "': " + e.getMessage(), e);
        }
    }

    /** One parameter: its name, type, setter (null for a constructor argument) and getter. */
    private record Property(String name, Type type, Method setter, Method getter) {
        boolean inConstructor() {
            return setter == null;
        }

        Object get(ImageStep step) {
            return invoke(() -> getter.invoke(step));
        }
    }

    private static final ClassValue<LinkedHashMap<String, Property>> MODELS = new ClassValue<>() {
        @Override
        protected LinkedHashMap<String, Property> computeValue(Class<?> type) {
            return introspect(type);
        }
    };

    private static LinkedHashMap<String, Property> model(Class<? extends ImageStep> type) {
        return MODELS.get(type);
    }

    private static LinkedHashMap<String, Property> introspect(Class<?> type) {
        LinkedHashMap<String, Property> model = new LinkedHashMap<>();
        for (Parameter parameter : constructor(type).getParameters()) {
            String name = parameter.getName(); // javac -parameters, as Stapler's .stapler files record them
            model.put(name, new Property(name, parameter.getParameterizedType(), null, getter(type, name)));
        }
        TreeMap<String, Property> rest = new TreeMap<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.isAnnotationPresent(DataBoundSetter.class)) {
                    String name = Introspector.decapitalize(method.getName().substring(3));
                    rest.putIfAbsent(
                            name, new Property(name, method.getGenericParameterTypes()[0], method, getter(type, name)));
                }
            }
        }
        model.putAll(rest);
        return model;
    }

    private static Constructor<?> constructor(Class<?> type) {
        for (Constructor<?> constructor : type.getConstructors()) {
            if (constructor.isAnnotationPresent(DataBoundConstructor.class)) {
                return constructor;
            }
        }
        throw new IllegalStateException(type + " has no @DataBoundConstructor");
    }

    private static Method getter(Class<?> type, String name) {
        String suffix = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String prefix : List.of("get", "is")) {
            try {
                return type.getMethod(prefix + suffix);
            } catch (NoSuchMethodException e) {
                // try the next prefix
            }
        }
        throw new IllegalStateException(type + " has no getter for its parameter '" + name + "'");
    }

    /** A value as the script writes it: Strings, Booleans, Integers, lists, {@code targets} entries as maps. */
    private static Object plain(Object value) {
        if (value instanceof MirrorTarget target) {
            LinkedHashMap<String, Object> entry = new LinkedHashMap<>();
            entry.put("reference", target.getReference());
            if (target.getCredentialsId() != null) {
                entry.put("credentialsId", target.getCredentialsId());
            }
            return entry;
        }
        if (value instanceof List<?> list) {
            ArrayList<Object> out = new ArrayList<>();
            for (Object item : list) {
                out.add(plain(item));
            }
            return out;
        }
        return value;
    }

    /** The value of {@code name} in {@code arguments} as {@code type}, or null when absent. */
    private static Object coerce(String step, String name, Type type, Map<String, ?> arguments) {
        Object value = arguments.get(name);
        if (value == null) {
            return null;
        }
        String where = step + ": parameter '" + name + "'";
        if (type == String.class) {
            if (value instanceof CharSequence text) {
                return text.toString();
            }
            throw new IllegalArgumentException(where + " must be a string, got " + describe(value));
        }
        if (type == int.class) {
            if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return ((Number) value).intValue();
            }
            if (value instanceof Long number && number == number.intValue()) {
                return number.intValue();
            }
            throw new IllegalArgumentException(where + " must be a whole number, got " + describe(value));
        }
        if (type == boolean.class) {
            if (value instanceof Boolean b) {
                return b;
            }
            throw new IllegalArgumentException(where + " must be true or false, got " + describe(value));
        }
        if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            if (!(value instanceof List<?> items)) {
                throw new IllegalArgumentException(where + " must be a list, got " + describe(value));
            }
            Type element = list.getActualTypeArguments()[0];
            ArrayList<Object> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Object item = items.get(i);
                if (element == String.class) {
                    if (!(item instanceof CharSequence)) {
                        throw new IllegalArgumentException(where + " must be a list of strings, got " + describe(item));
                    }
                    out.add(item.toString().strip());
                } else if (element == MirrorTarget.class) {
                    out.add(target(where + " entry " + (i + 1), item));
                } else {
                    throw new IllegalStateException(where + ": no binding for lists of " + element);
                }
            }
            return out;
        }
        throw new IllegalStateException(where + ": no binding for " + type);
    }

    /** A {@code targets} entry: a MirrorTarget already, or {@code [reference: '…', credentialsId: '…']}. */
    private static MirrorTarget target(String where, Object entry) {
        if (entry instanceof MirrorTarget target) {
            return target;
        }
        if (!(entry instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(
                    where + ": expected [reference: '…', credentialsId: '…'], got " + describe(entry));
        }
        for (Object key : map.keySet()) {
            if (!"reference".equals(String.valueOf(key)) && !"credentialsId".equals(String.valueOf(key))) {
                throw new IllegalArgumentException(
                        where + ": unknown key '" + key + "'; known keys: reference, credentialsId");
            }
        }
        Object reference = map.get("reference");
        if (reference == null || reference.toString().isBlank()) {
            throw new IllegalArgumentException(where + ": 'reference' is required");
        }
        MirrorTarget target = new MirrorTarget(reference.toString().strip());
        Object credentialsId = map.get("credentialsId");
        target.setCredentialsId(
                credentialsId == null ? null : credentialsId.toString().strip());
        return target;
    }

    static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " '" + value + "'";
    }

    private interface Reflective {
        Object call() throws ReflectiveOperationException;
    }

    /** Runs a reflective call; what the step's own code throws (a setter's check) comes out as itself. */
    private static Object invoke(Reflective call) {
        try {
            return call.call();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(Objects.toString(e.getCause()), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("binding a step: " + e, e);
        }
    }
}

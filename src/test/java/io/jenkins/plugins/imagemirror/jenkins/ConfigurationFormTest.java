package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, defect 2: the last registry could not be deleted in Manage Jenkins → System. What Jenkins does on Save
 * (read at 2.504.3 / stapler 1967): jenkins.model.GlobalConfiguration.configure(StaplerRequest2, JSONObject) calls
 * configureImpl, i.e. {@code req.bindJSON(this, json)}; org.kohsuke.stapler.RequestImpl.bindJSON(Object, JSONObject)
 * loops over {@code src.keySet()} and calls the setter of each key present, nothing else. A
 * {@code f:repeatableProperty} with no row submits no key at all.
 */
class ConfigurationFormTest {

    /** RequestImpl.bindJSON(Object bean, JSONObject src), modelled: one setter call per key the form sent. */
    private static void bindJSON(Map<String, Consumer<Object>> setters, JSONObject src) {
        for (Object key : src.keySet()) {
            Consumer<Object> setter = setters.get((String) key);
            if (setter != null) {
                setter.accept(src.get(key));
            }
        }
    }

    private static JSONObject formWithoutRows() {
        JSONObject form = new JSONObject();
        form.put("defaultTargets", "corp/mirror");
        return form;
    }

    @Test
    void deletingTheLastRegistryBindsAnEmptyList() {
        List<Object> registries = new ArrayList<>(List.of("corp (configured before)"));
        Map<String, Consumer<Object>> setters = new LinkedHashMap<>();
        setters.put("registries", value -> {
            registries.clear();
            registries.addAll((JSONArray) value);
        });
        setters.put("defaultTargets", value -> {});

        bindJSON(setters, formWithoutRows());
        assertThat(registries)
                .as("the default binding keeps a registry whose row was deleted")
                .hasSize(1);

        bindJSON(setters, ImageMirrorConfiguration.completed(formWithoutRows()));
        assertThat(registries).isEmpty();
    }

    @Test
    void submittedRowsAreBoundAsSent() {
        JSONObject row = new JSONObject();
        row.put("name", "corp");
        row.put("url", "registry.corp:5000");
        JSONObject form = formWithoutRows();
        form.put("registries", row);
        JSONObject completed = ImageMirrorConfiguration.completed(form);
        assertThat(completed.get("registries")).isEqualTo(row);
        assertThat(completed.getString("defaultTargets")).isEqualTo("corp/mirror");
        assertThat(ImageMirrorConfiguration.completed(null)
                        .getJSONArray("registries")
                        .size())
                .isZero();
    }
}

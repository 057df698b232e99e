package hudson.util;

import java.util.ArrayList;

public class ListBoxModel extends ArrayList<ListBoxModel.Option> {
    public static final class Option {
        public Option(String name, String value) {
            throw new UnsupportedOperationException();
        }
    }

    public ListBoxModel() {
        throw new UnsupportedOperationException();
    }
}

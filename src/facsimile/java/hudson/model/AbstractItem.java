package hudson.model;

import hudson.security.AccessControlled;

public abstract class AbstractItem extends Actionable implements Item, AccessControlled {
    protected AbstractItem(ItemGroup parent, String name) {
        throw new UnsupportedOperationException();
    }
}

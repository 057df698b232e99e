package hudson.model;

public abstract class Descriptor<T extends Describable<T>> implements Saveable {
    protected Descriptor() { throw new UnsupportedOperationException(); }

    public String getDisplayName() { throw new UnsupportedOperationException(); }

    @Override
    public synchronized void save() { throw new UnsupportedOperationException(); }

    public synchronized void load() { throw new UnsupportedOperationException(); }
}

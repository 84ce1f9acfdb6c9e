package dev.edgeway.dag.linearize;

import dev.edgeway.dag.model.StepId;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * A pipeline linearized: a singly linked list of links in the order the steps run. Every step
 * comes after all its parents. Immutable.
 */
public final class Chain implements Iterable<ChainLink> {

    private final String name;
    private final ChainLink first;
    private final int size;

    Chain(String name, ChainLink first, int size) {
        this.name = Objects.requireNonNull(name, "name");
        this.first = Objects.requireNonNull(first, "first");
        this.size = size;
    }

    /** The pipeline's name. */
    public String name() {
        return name;
    }

    public ChainLink first() {
        return first;
    }

    public int size() {
        return size;
    }

    @Override
    public Iterator<ChainLink> iterator() {
        return new Iterator<>() {
            private @Nullable ChainLink current = first;

            @Override
            public boolean hasNext() {
                return current != null;
            }

            @Override
            public ChainLink next() {
                ChainLink link = current;
                if (link == null) {
                    throw new NoSuchElementException();
                }
                current = link.nextOrNull();
                return link;
            }
        };
    }

    public Stream<ChainLink> stream() {
        Spliterator<ChainLink> spliterator = Spliterators.spliterator(
                iterator(), size, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE);
        return StreamSupport.stream(spliterator, false);
    }

    /** The step ids in chain order. */
    public List<StepId> ids() {
        return stream().map(ChainLink::id).toList();
    }

    /** For a dry run: which rule placed each step. */
    public Explanation explanation() {
        return new Explanation(stream().map(ChainLink::placement).toList());
    }

    @Override
    public String toString() {
        return "Chain[" + name + ", " + size + " links]";
    }
}

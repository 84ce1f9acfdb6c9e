package dev.edgeway.sdk.state;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * A generic type for typed reads, captured by subclassing:
 * {@code state.get("points", new TypeRef<List<Double>>() {})}.
 *
 * @param <T> the type to read
 */
public abstract class TypeRef<T> {

    private final Type type;

    /**
     * Captures the type argument of the anonymous subclass.
     *
     * @throws IllegalStateException when created without a type argument
     */
    protected TypeRef() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType parameterized)) {
            throw new IllegalStateException(
                    "TypeRef: " + getClass().getName() + " (expected: an anonymous subclass with a type argument,"
                            + " such as new TypeRef<List<String>>() {})");
        }
        this.type = parameterized.getActualTypeArguments()[0];
    }

    /**
     * The captured type.
     *
     * @return the type argument
     */
    public final Type type() {
        return type;
    }

    @Override
    public String toString() {
        return "TypeRef<" + type.getTypeName() + ">";
    }
}

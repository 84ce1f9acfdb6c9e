package dev.edgeway.dag.linearize;

/**
 * The steps ready to be placed, as a binary heap of declaration indices ordered by priority
 * (higher first), then declaration index (lower first). Primitive ints: a million steps must not
 * mean a million boxed keys.
 */
final class ReadyHeap {

    private final int[] priority;
    private final int[] heap;
    private int size;

    ReadyHeap(int[] priority) {
        this.priority = priority;
        this.heap = new int[priority.length];
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The step that would be placed next, or -1 when none is ready. */
    int peek() {
        return size == 0 ? -1 : heap[0];
    }

    void add(int step) {
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(step, heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = step;
    }

    int poll() {
        int first = heap[0];
        int last = heap[--size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], last)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        if (size > 0) {
            heap[i] = last;
        }
        return first;
    }

    /** Whether step {@code a} goes before step {@code b}: higher priority, then earlier declared. */
    boolean before(int a, int b) {
        return priority[a] != priority[b] ? priority[a] > priority[b] : a < b;
    }
}

package io.iamsuite.policy.domain;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.BiConsumer;

/**
 * The check index's hash table: open addressing with linear probing, keys and values interleaved in one array, so
 * that a lookup reads one line of the table and then the value, where a {@link java.util.concurrent.ConcurrentHashMap}
 * reads the map, its table, a node and then the value (each a likely cache miss in a large projection). One thread
 * writes, any number read without locking: a value is published before its key, a removal clears the value and
 * leaves the key (so probe sequences stay intact), and a resize publishes a new array. Keys are never null; a null
 * value means absent.
 */
final class CheckTable<K, V> {
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

    /** key, value, key, value, ...; length a power of two times 2. */
    private volatile Object[] slots = new Object[2 * 16];
    /** Slots whose key is set (live or removed), for the load factor; writer only. */
    private int used;
    private int live;

    /**
     * The key's first slot: Fibonacci hashing, the hash times 2^32 / golden ratio, whose high bits index the table.
     * Keys with consecutive hash codes (ids numbered in sequence, as ids usually are) land spread over the table,
     * where taking the hash's low bits put them in consecutive slots: their runs merged into clusters that linear
     * probing walks, each probe comparing another key (a resource table of the benchmark's medium dataset averaged
     * 4.9 probes, at most 658).
     */
    static int home(int hash, int mask) {
        return (hash * 0x9E3779B9) >>> Integer.numberOfLeadingZeros(mask);
    }

    @SuppressWarnings("unchecked")
    V get(K key) {
        Object[] table = slots;
        int mask = (table.length >>> 1) - 1;
        for (int i = home(key.hashCode(), mask); ; i = (i + 1) & mask) {
            Object k = SLOTS.getAcquire(table, 2 * i);
            if (k == null) {
                return null;
            }
            if (k == key || k.equals(key)) {
                return (V) SLOTS.getAcquire(table, 2 * i + 1);
            }
        }
    }

    /** How many slots a lookup of the key reads, up to the key or an empty slot (for tests of the spread). */
    int probes(K key) {
        Object[] table = slots;
        int mask = (table.length >>> 1) - 1;
        int read = 1;
        for (int i = home(key.hashCode(), mask); table[2 * i] != null && !table[2 * i].equals(key); i = (i + 1) & mask) {
            read++;
        }
        return read;
    }

    /** Sets (or with a null value removes) the key's value. Writer thread only. */
    void put(K key, V value) {
        Object[] table = slots;
        int mask = (table.length >>> 1) - 1;
        for (int i = home(key.hashCode(), mask); ; i = (i + 1) & mask) {
            Object k = table[2 * i];
            if (k == null) {
                if (value == null) {
                    return;
                }
                SLOTS.setRelease(table, 2 * i + 1, value);
                SLOTS.setRelease(table, 2 * i, key);
                used++;
                live++;
                if (used * 4 >= (table.length >>> 1) * 3) {
                    resize();
                }
                return;
            }
            if (k == key || k.equals(key)) {
                Object old = table[2 * i + 1];
                live += (old == null ? 1 : 0) - (value == null ? 1 : 0);
                SLOTS.setRelease(table, 2 * i + 1, value);
                return;
            }
        }
    }

    void remove(K key) {
        put(key, null);
    }

    /** Rebuilds the table without removed keys, twice as large as the live entries need. Writer thread only. */
    private void resize() {
        Object[] old = slots;
        int capacity = 16;
        while (capacity < live * 2 + 2) {
            capacity <<= 1;
        }
        Object[] table = new Object[2 * capacity];
        int mask = capacity - 1;
        for (int j = 0; j < old.length; j += 2) {
            Object k = old[j];
            Object v = old[j + 1];
            if (k != null && v != null) {
                int i = home(k.hashCode(), mask);
                while (table[2 * i] != null) {
                    i = (i + 1) & mask;
                }
                table[2 * i] = k;
                table[2 * i + 1] = v;
            }
        }
        used = live;
        slots = table;   // volatile: publishes the filled array
    }

    /** Empties the table. Writer thread only. */
    void clear() {
        slots = new Object[2 * 16];
        used = 0;
        live = 0;
    }

    int size() {
        return live;
    }

    @SuppressWarnings("unchecked")
    void forEach(BiConsumer<K, V> action) {
        Object[] table = slots;
        for (int j = 0; j < table.length; j += 2) {
            Object k = SLOTS.getAcquire(table, j);
            Object v = k == null ? null : SLOTS.getAcquire(table, j + 1);
            if (v != null) {
                action.accept((K) k, (V) v);
            }
        }
    }
}

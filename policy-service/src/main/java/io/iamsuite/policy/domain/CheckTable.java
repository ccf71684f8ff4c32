package io.iamsuite.policy.domain;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.BiConsumer;

/**
 * The check index's hash table: open addressing with linear probing, keys and values interleaved in one array, so
 * that a lookup reads one line of the table and then the value, where a {@link java.util.concurrent.ConcurrentHashMap}
 * reads the map, its table, a node and then the value (each a likely cache miss in a large projection). Each slot's
 * spread hash is kept in a parallel array, read alongside the slot, so that a probe past another key compares ints
 * instead of reading that key (a likely cache miss of its own). One thread writes, any number read without locking: a
 * slot's hash and value are published before its key, a removal clears the value and leaves the key (so probe
 * sequences stay intact), and a resize publishes a new pair of arrays. Keys are never null; a null value means absent.
 */
final class CheckTable<K, V> {
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

    /** The arrays of one size, published together. */
    private static final class Storage {
        /** key, value, key, value, ...; length a power of two times 2. */
        final Object[] slots;
        /** The spread hash of the key in slot i (set before the key is). */
        final int[] hashes;

        Storage(int capacity) {
            slots = new Object[2 * capacity];
            hashes = new int[capacity];
        }
    }

    private volatile Storage arrays = new Storage(16);
    /** Slots whose key is set (live or removed), for the load factor; writer only. */
    private int used;
    private int live;

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    @SuppressWarnings("unchecked")
    V get(K key) {
        Storage a = arrays;
        Object[] table = a.slots;
        int[] hashes = a.hashes;
        int mask = hashes.length - 1;
        int hash = spread(key.hashCode());
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            Object k = SLOTS.getAcquire(table, 2 * i);
            if (k == null) {
                return null;
            }
            // the hash was written before the key was published: read after the key, it is the key's
            if (hashes[i] == hash && (k == key || k.equals(key))) {
                return (V) SLOTS.getAcquire(table, 2 * i + 1);
            }
        }
    }

    /** Sets (or with a null value removes) the key's value. Writer thread only. */
    void put(K key, V value) {
        Storage a = arrays;
        Object[] table = a.slots;
        int[] hashes = a.hashes;
        int mask = hashes.length - 1;
        int hash = spread(key.hashCode());
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            Object k = table[2 * i];
            if (k == null) {
                if (value == null) {
                    return;
                }
                hashes[i] = hash;
                SLOTS.setRelease(table, 2 * i + 1, value);
                SLOTS.setRelease(table, 2 * i, key);
                used++;
                live++;
                if (used * 4 >= hashes.length * 3) {
                    resize();
                }
                return;
            }
            if (hashes[i] == hash && (k == key || k.equals(key))) {
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
        Storage old = arrays;
        int capacity = 16;
        while (capacity < live * 2 + 2) {
            capacity <<= 1;
        }
        Storage fresh = new Storage(capacity);
        Object[] table = fresh.slots;
        int mask = capacity - 1;
        for (int j = 0; j < old.hashes.length; j++) {
            Object k = old.slots[2 * j];
            Object v = old.slots[2 * j + 1];
            if (k != null && v != null) {
                int hash = old.hashes[j];
                int i = hash & mask;
                while (table[2 * i] != null) {
                    i = (i + 1) & mask;
                }
                table[2 * i] = k;
                table[2 * i + 1] = v;
                fresh.hashes[i] = hash;
            }
        }
        used = live;
        arrays = fresh;   // volatile: publishes the filled arrays
    }

    /** Empties the table. Writer thread only. */
    void clear() {
        arrays = new Storage(16);
        used = 0;
        live = 0;
    }

    int size() {
        return live;
    }

    @SuppressWarnings("unchecked")
    void forEach(BiConsumer<K, V> action) {
        Object[] table = arrays.slots;
        for (int j = 0; j < table.length; j += 2) {
            Object k = SLOTS.getAcquire(table, j);
            Object v = k == null ? null : SLOTS.getAcquire(table, j + 1);
            if (v != null) {
                action.accept((K) k, (V) v);
            }
        }
    }
}

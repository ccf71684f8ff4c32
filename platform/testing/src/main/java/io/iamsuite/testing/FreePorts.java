package io.iamsuite.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Free loopback ports. A port found free can still be taken before it is bound, so callers retry on a collision. */
public final class FreePorts {

    public static final String LOOPBACK = "127.0.0.1";

    private FreePorts() {
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int find() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port on " + LOOPBACK, e);
        }
    }

    /** {@code count} distinct ports that were free a moment ago. */
    public static int[] find(int count) {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            int candidate;
            do {
                candidate = find();
            } while (contains(ports, i, candidate));
            ports[i] = candidate;
        }
        return ports;
    }

    /** Whether something accepts TCP connections on host:port within {@code timeoutMillis}. */
    public static boolean isListening(String host, int port, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean contains(int[] ports, int length, int candidate) {
        for (int i = 0; i < length; i++) {
            if (ports[i] == candidate) {
                return true;
            }
        }
        return false;
    }
}

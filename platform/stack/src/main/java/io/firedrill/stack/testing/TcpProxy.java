package io.firedrill.stack.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fault-injecting TCP proxy in front of a real server of the stack (not a fake: every byte goes to the real
 * server while it passes). {@link Mode#REFUSE} closes every connection, like a server that is down;
 * {@link Mode#HOLD} accepts and then forwards nothing, like a server that hangs; {@link Mode#PASS} forwards.
 */
public final class TcpProxy implements AutoCloseable {

    public enum Mode { PASS, REFUSE, HOLD }

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private volatile Mode mode = Mode.PASS;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void mode(Mode next) {
        synchronized (lock) {
            mode = next;
            lock.notifyAll();
        }
        if (next == Mode.REFUSE) {
            open.forEach(TcpProxy::closeQuietly);
            open.clear();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (mode == Mode.REFUSE) {
                    closeQuietly(client);
                    continue;
                }
                open.add(client);
                Thread connect = new Thread(() -> connect(client), "tcp-proxy-connect");
                connect.setDaemon(true);
                connect.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void connect(Socket client) {
        try {
            awaitPass();
            Socket upstream = new Socket(targetHost, targetPort);
            open.add(upstream);
            pump(client, upstream);
            pump(upstream, client);
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    awaitPass();
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    /** Blocks while the proxy holds traffic; throws once it refuses. */
    private void awaitPass() throws InterruptedException, IOException {
        synchronized (lock) {
            while (mode == Mode.HOLD) {
                lock.wait();
            }
            if (mode == Mode.REFUSE) {
                throw new IOException("proxy refuses");
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        mode(Mode.REFUSE);
        server.close();
    }
}

package io.ledgerlens.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client that has hung: it completes the handshake, then reads nothing and answers nothing (no pong,
 * no close reply). With a small receive buffer the server's writes to it soon stop completing.
 */
public final class SilentWebSocket {
    private SilentWebSocket() {
    }

    public static Socket connect(int port, String path) throws IOException {
        final Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
        final OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        final StringBuilder line = new StringBuilder();
        int c;
        while ((c = socket.getInputStream().read()) != -1 && c != '\n') {
            line.append((char) c);
        }
        if (!line.toString().contains(" 101 ")) {
            socket.close();
            throw new IOException("upgrade of " + path + " refused: " + line);
        }
        return socket;
    }
}

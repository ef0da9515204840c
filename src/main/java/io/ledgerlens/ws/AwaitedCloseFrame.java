package io.ledgerlens.ws;

import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * A close frame that carries {@code code} and {@code reason} on the wire, and after which Jetty waits for the
 * client's close reply before it closes the TCP connection (RFC 6455 section 7.1.1).
 * <p>
 * Jetty 12 treats every close code but 1000, 1005 and 3000-4999 as abnormal: once such a frame is written it
 * closes the connection at once, without reading the client's reply. A client that is still reading what came
 * before (Node's built-in WebSocket, for one) then meets a reset and reports 1006 without the
 * {@code server_shutdown} notice or the close code. Jetty's session reads a frame's status from
 * {@link CloseStatus.Supplier} when the frame is one, so this frame tells the session "normal" (it then waits in
 * its output-shut state for the reply) while its payload says {@code code}. When the reply arrives, or the
 * connection ends, Jetty closes the connection and tells the endpoint's {@code onClose} with the status the
 * client sent (or 1006 when there was none). The hub bounds the wait: it aborts connections that do not close.
 */
final class AwaitedCloseFrame extends Frame implements CloseStatus.Supplier {
    AwaitedCloseFrame(int code, String reason) {
        super(OpCode.CLOSE, new CloseStatus(code, reason).asPayloadBuffer());
    }

    @Override
    public CloseStatus getCloseStatus() {
        return CloseStatus.NORMAL_STATUS;
    }
}

package org.llmadvisor.providers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A server that answers any request with 200, a chunked body holding {@code head}, and then closes
 * the connection without the chunked body's end: a stream broken after some chunks, which WireMock
 * cannot serve (its faults replace the body instead of following it).
 */
final class BrokenStreamServer implements AutoCloseable {

  private final ServerSocket socket;
  private final Thread acceptor;

  BrokenStreamServer(String contentType, String head) {
    try {
      socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    acceptor =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                  readRequest(s.getInputStream());
                  answer(s.getOutputStream(), contentType, head);
                } catch (IOException closedOrBroken) {
                  // the test is over, or the client went away: nothing to answer
                }
              }
            },
            "broken-stream-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  private static void readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("request ended inside its header");
      }
      header.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    long length = 0;
    for (String line : header.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(line.substring("content-length:".length()).trim());
      }
    }
    in.readNBytes((int) length);
  }

  private static void answer(OutputStream out, String contentType, String head) throws IOException {
    byte[] chunk = head.getBytes(StandardCharsets.UTF_8);
    out.write(
        ("HTTP/1.1 200 OK\r\nContent-Type: "
                + contentType
                + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(chunk.length)
                + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.write(chunk);
    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    // closing here, without the zero-length last chunk, breaks the stream after its head
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

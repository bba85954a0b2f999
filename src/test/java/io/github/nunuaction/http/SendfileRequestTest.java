package io.github.nunuaction.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Reading the answer to a sendfile upload: the shapes storage servers give. */
class SendfileRequestTest {
  static HttpCaller.Exchange read(String answer) throws IOException {
    return SendfileRequest.read(new ByteArrayInputStream(answer.getBytes(ISO_8859_1)));
  }

  @Test
  void anAnswerWithALengthAndAnEtag() throws IOException {
    var answer = read("HTTP/1.1 200 OK\r\nETag: \"abc\"\r\nContent-Length: 2\r\n\r\nokTRAILING");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers().firstValue("etag")).hasValue("\"abc\"");
    assertThat(new String(answer.body(), ISO_8859_1)).isEqualTo("ok");
  }

  @Test
  void aChunkedErrorAnswer() throws IOException {
    var answer =
        read(
            "HTTP/1.1 403 Forbidden\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n<Err>\r\n6;ext=1\r\nExpire\r\n0\r\n\r\n");

    assertThat(answer.status()).isEqualTo(403);
    assertThat(new String(answer.body(), ISO_8859_1)).isEqualTo("<Err>Expire");
  }

  @Test
  void anAnswerThatEndsWithTheConnection() throws IOException {
    var answer = read("HTTP/1.0 500 Internal Server Error\nServer: x\n\nbroken");

    assertThat(answer.status()).isEqualTo(500);
    assertThat(new String(answer.body(), ISO_8859_1)).isEqualTo("broken");
  }

  @Test
  void somethingElseIsATransportError() {
    assertThatThrownBy(() -> read("SSH-2.0-OpenSSH\r\n\r\n"))
        .isInstanceOf(IOException.class)
        .hasMessage("not an HTTP/1.1 answer");
    assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nETag: \"a")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> read(""))
        .isInstanceOf(IOException.class)
        .hasMessage("the connection closed before the answer was complete");
  }
}

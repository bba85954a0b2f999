package io.github.nunuaction.http;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gets the JIT compiler to compile TLS 1.3's record encryption (AES-GCM, as the JDK's TLS uses it:
 * a fresh nonce, the record header as AAD, heap buffers) before the build's bytes need it. Without
 * this, the first second of an HTTPS upload runs the cipher in Java code (GHASH and counter mode
 * block by block) at a fraction of the speed the compiled intrinsic reaches, which on a two-core
 * runner costs a 1 GiB upload a third of its speed. It runs on a daemon thread while the action
 * prepares the upload (hashing, reserving the build), and works on 512-byte records, the smallest
 * the JDK's GCM intrinsic takes: enough calls for the compiler, little work.
 */
public final class TlsWarmup {
  private static final int RECORDS = 50_000;
  private static final int RECORD = 512;

  private TlsWarmup() {}

  /** Starts warming up in the background; returns at once. */
  public static void start() {
    Thread thread = new Thread(TlsWarmup::run, "nunu-tls-warmup");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }

  private static void run() {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      var key = new SecretKeySpec(new byte[32], "AES");
      byte[] nonce = new byte[12];
      byte[] header = {23, 3, 3, (RECORD + 17) >>> 8, (RECORD + 17) & 0xff};
      ByteBuffer plain = ByteBuffer.allocate(RECORD);
      ByteBuffer sealed = ByteBuffer.allocate(RECORD + 16);
      for (int record = 0; record < RECORDS; record++) {
        // A nonce is never used twice with one key, or GCM refuses to encrypt.
        nonce[8] = (byte) (record >>> 24);
        nonce[9] = (byte) (record >>> 16);
        nonce[10] = (byte) (record >>> 8);
        nonce[11] = (byte) record;
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(header);
        plain.clear();
        sealed.clear();
        cipher.doFinal(plain, sealed);
      }
    } catch (GeneralSecurityException | RuntimeException unavailable) {
      // Only speed is at stake: the upload works the same without it.
    }
  }
}

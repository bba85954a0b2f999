// A fixed one-way delay for every packet of an NFQUEUE queue, in arrival order: the wide-area
// link of .ci/bench-upload-wan, where tc netem is not available.
//
// Usage: delay QUEUE MICROSECONDS
//
// Each packet is held from its arrival until arrival + delay, then accepted. The delay is the same
// for every packet, so packets leave in the order they came; one batch verdict accepts every packet
// up to the newest one that is due. Only packet metadata is copied to user space. If the holding
// ring is full, or the program stops (SIGINT, SIGTERM), packets are accepted at once, so that no
// connection hangs; the iptables rule uses --queue-bypass for the time the program is not bound.
#define _GNU_SOURCE  // ppoll
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define RING (1u << 20)

static struct { uint32_t id; uint64_t due; } ring[RING];
static uint32_t head, tail;  // held packets are ring[head .. tail)
static uint64_t delay_ns;
static volatile sig_atomic_t stopping;

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int on_packet(struct nfq_q_handle *queue, struct nfgenmsg *message, struct nfq_data *data,
                     void *unused) {
  (void)message;
  (void)unused;
  struct nfqnl_msg_packet_hdr *header = nfq_get_msg_packet_hdr(data);
  if (header == NULL) return 0;
  uint32_t id = ntohl(header->packet_id);
  if (tail - head >= RING) {
    // Full: let it pass now rather than drop it (fails open, like --queue-bypass).
    return nfq_set_verdict(queue, id, NF_ACCEPT, 0, NULL);
  }
  ring[tail % RING].id = id;
  ring[tail % RING].due = now_ns() + delay_ns;
  tail++;
  return 0;
}

/** Accepts every held packet that is due; returns nanoseconds until the next one, or -1. */
static int64_t release(struct nfq_q_handle *queue, int everything) {
  uint64_t now = now_ns();
  uint32_t newest = 0;
  int any = 0;
  while (head != tail && (everything || ring[head % RING].due <= now)) {
    newest = ring[head % RING].id;
    any = 1;
    head++;
  }
  if (any) nfq_set_verdict_batch(queue, newest, NF_ACCEPT);
  return head == tail ? -1 : (int64_t)(ring[head % RING].due - now);
}

static void stop(int signal) {
  (void)signal;
  stopping = 1;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s QUEUE MICROSECONDS\n", argv[0]);
    return 2;
  }
  int queue_number = atoi(argv[1]);
  delay_ns = (uint64_t)atoll(argv[2]) * 1000u;
  struct nfq_handle *handle = nfq_open();
  if (handle == NULL) {
    perror("nfq_open");
    return 1;
  }
  struct nfq_q_handle *queue = nfq_create_queue(handle, queue_number, on_packet, NULL);
  if (queue == NULL) {
    perror("nfq_create_queue");
    return 1;
  }
  if (nfq_set_mode(queue, NFQNL_COPY_META, 0) < 0) {
    perror("nfq_set_mode");
    return 1;
  }
  nfq_set_queue_maxlen(queue, RING);
  nfq_set_queue_flags(queue, NFQA_CFG_F_FAIL_OPEN, NFQA_CFG_F_FAIL_OPEN);
  // Whole GSO packets, as TCP handed them to the loopback: without this flag the kernel cuts each
  // into MTU-sized ones for the queue, and the per-packet work (not the link) became the limit.
  nfq_set_queue_flags(queue, NFQA_CFG_F_GSO, NFQA_CFG_F_GSO);
  nfnl_rcvbufsiz(nfq_nfnlh(handle), 64 * 1024 * 1024);
  int fd = nfq_fd(handle);
  int on = 1;
  setsockopt(fd, SOL_NETLINK, NETLINK_NO_ENOBUFS, &on, sizeof on);
  struct sigaction action = {.sa_handler = stop};
  sigaction(SIGINT, &action, NULL);
  sigaction(SIGTERM, &action, NULL);
  fprintf(stderr, "delay: queue %d, %llu us one way\n", queue_number,
          (unsigned long long)(delay_ns / 1000));
  static char buffer[65536];
  while (!stopping) {
    int64_t wait = release(queue, 0);
    struct timespec timeout = {.tv_sec = 0, .tv_nsec = 100000000};  // look at `stopping` often
    if (wait >= 0 && wait < 100000000) timeout.tv_nsec = wait;
    struct pollfd ready = {.fd = fd, .events = POLLIN};
    int polled = ppoll(&ready, 1, &timeout, NULL);
    if (polled > 0) {
      // Take everything that arrived, without blocking, before releasing again.
      for (;;) {
        ssize_t got = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (got < 0) break;
        nfq_handle_packet(handle, buffer, (int)got);
      }
    } else if (polled < 0 && errno != EINTR) {
      perror("ppoll");
      break;
    }
  }
  release(queue, 1);
  nfq_destroy_queue(queue);
  nfq_close(handle);
  return 0;
}

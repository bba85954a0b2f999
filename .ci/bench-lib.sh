# Shared by .ci/bench-upload and .ci/bench-upload-wan: the tools, the sparse builds, the TLS
# storage (nginx reading and discarding each body), the simulated API on HTTPS, and the two
# uploaders measured the same way. Source it after `cd` to the repository and java-env.sh; set
# `in_net` (an array, empty for the host) to run servers and uploaders inside a network namespace.
# Needs: $work (a temporary folder), $key, and the `pids` array (killed by the caller's cleanup).

bench_tools() {
  [ -x /usr/bin/time ] || { echo "Installing GNU time..."; apt-get install -y -qq time >/dev/null; }
  command -v curl >/dev/null || { echo "Installing curl..."; apt-get install -y -qq curl >/dev/null; }
  command -v openssl >/dev/null || { echo "Installing openssl..."; apt-get install -y -qq openssl >/dev/null; }
  lua=/usr/lib/nginx/modules/ngx_http_lua_module.so
  [ -f "$lua" ] || { echo "Installing nginx and its Lua module..."; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-http-lua >/dev/null; }
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  # (Re)built when missing or older than any source, so that what is measured is what is checked out.
  if [ ! -f target/nunu-action.jar ] || [ ! -f target/nunu-action-tests.jar ] \
    || [ -n "$(find src pom.xml -newer target/nunu-action.jar -print -quit)" ]; then
    ./mvnw -q -B -DskipTests package
  fi
}

# Sparse files: the kernel serves their zeros from memory, so the disk does not limit the run and
# both uploaders read the same bytes the same way. Arguments: sizes as truncate takes them (1G).
bench_files() {
  mkdir -p "$work/ws"
  local size name
  for size in "$@"; do
    name=${size/G/GiB}; name=${name/M/MiB}
    truncate -s "$size" "$work/ws/build-$name.apk"
    # The first read of a sparse file allocates its page cache: not the uploaders' doing.
    cat "$work/ws/build-$name.apk" > /dev/null
  done
}

# A certificate for 127.0.0.1; the action trusts it through a trust store without a password
# (hashing a store's password costs the JVM a second of CPU that cacerts never does).
bench_certificate() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
  openssl pkcs12 -export -in "$work/cert.pem" -inkey "$work/key.pem" -out "$work/server.p12" -passout pass:changeit
  "$JAVA_HOME/bin/keytool" -J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE -J-Dkeystore.pkcs12.macAlgorithm=NONE \
    -importcert -noprompt -alias bench -file "$work/cert.pem" -keystore "$work/trust.p12" -storetype PKCS12 \
    -storepass changeit > /dev/null 2>&1
  trust=(-Djavax.net.ssl.trustStore="$work/trust.p12")
}

# The simulated API on HTTPS at $tls_api_port, handing out storage URLs on $tls_port; and the TLS
# storage there: nginx decrypts each body and its Lua module reads and discards it, in 1 MiB reads,
# logging the same line as DiscardStorage (nanoseconds of the same monotonic clock). Reading the
# body in nginx itself, rather than proxying it on, spares the two cores a loopback hop that
# neither uploader is responsible for.
bench_tls_servers() {
  "${in_net[@]}" java -cp target/nunu-action.jar:target/nunu-action-tests.jar io.github.nunuaction.simulator.SimulatorMain \
    --port "$tls_api_port" --tls-keystore "$work/server.p12" --storage-url "https://127.0.0.1:$tls_port" > "$work/tls-simulator.log" 2>&1 &
  pids+=($!)
  mkdir -p "$work/nginx/tmp" && touch "$work/tls-storage.log"
  cat > "$work/nginx/nginx.conf" <<CONF
load_module $(dirname "$lua")/ndk_http_module.so;
load_module $lua;
daemon off;
user $(id -un);
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp;
  lua_socket_buffer_size 1m;
  init_by_lua_block {
    local ffi = require "ffi"
    ffi.cdef [[ typedef struct { long sec; long nsec; } bench_timespec; int clock_gettime(int, bench_timespec *); ]]
    local now = ffi.new("bench_timespec")
    function monotonic_nanos()
      ffi.C.clock_gettime(1, now)
      return tonumber(now.sec) * 1e9 + tonumber(now.nsec)
    end
  }
  server {
    listen 127.0.0.1:$tls_port ssl;
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;
    ssl_protocols TLSv1.3;
    client_max_body_size 0;
    client_body_buffer_size 1m;
    location / {
      content_by_lua_block {
        local first = monotonic_nanos()
        local body = assert(ngx.req.socket())
        local length = tonumber(ngx.var.http_content_length) or 0
        local left = length
        while left > 0 do
          local data, err = body:receiveany(math.min(left, 1048576))
          if not data then ngx.log(ngx.ERR, "body: ", err) return ngx.exit(400) end
          left = left - #data
        end
        local last = monotonic_nanos()
        local log = assert(io.open("$work/tls-storage.log", "a"))
        log:write(string.format("%s %s %d %.0f %.0f %s %s\\n", ngx.req.get_method(), ngx.var.uri, length, first, last,
          ngx.var.connection, ngx.var.connection_requests))
        log:close()
        ngx.header["ETag"] = string.format('"discarded-%x-%x"', length, last % 4294967296)
        ngx.header["Content-Length"] = 0
        return ngx.exit(200)
      }
    }
  }
}
CONF
  "${in_net[@]}" "$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>> "$work/nginx/error.log" &
  pids+=($!)
}

# Waits (at most 10 s) until each server log says "listening" and the TLS storage answers.
bench_wait_for() {
  local log ready
  for _ in $(seq 1 100); do
    ready=1
    for log in "$@"; do grep -q listening "$log" || ready=0; done
    [ "$ready" = 1 ] && "${in_net[@]}" curl -s -o /dev/null --cacert "$work/cert.pem" "https://127.0.0.1:$tls_port/" && return 0
    sleep 0.1
  done
  echo "The servers did not start:"; tail -5 "$@" "$work/nginx/error.log"; return 1
}

# The container starts the action with an AOT cache trained on a real run (the Dockerfile's
# train.sh); so does the benchmark, trained here on one HTTPS upload of the given file.
bench_train() {
  env -i PATH="$PATH" GITHUB_WORKSPACE="$work/ws" "INPUT_API-KEY=$key" \
    "INPUT_API-URL=https://127.0.0.1:$tls_api_port/api/v1" INPUT_PROJECT-ID=sim-project "INPUT_BUILD-FILE=$1" \
    INPUT_UPLOAD-PARALLELISM=4 "INPUT_RESULTS-DIR=$work/results" INPUT_REUSE-BUILD=false \
    "${in_net[@]}" "$JAVA_HOME/bin/java" -XX:AOTCacheOutput="$work/action.aot" @src/main/docker/jvm.options "${trust[@]}" \
    -jar target/nunu-action.jar > "$work/training.log" 2>&1 || { cat "$work/training.log"; return 1; }
  aot=(-XX:AOTCache="$work/action.aot")
}

# Throughput as storage saw it, for the upload of one build: bytes over the time from the first
# body byte of its first request to the last body byte of its last one. The same measure for both
# uploaders, and free of what either does before or after sending (JVM start, API calls).
storage_rate() {
  local build=$1
  awk -v build="/$build/" '$1 == "PUT" && index($2, build) == 1 {
      bytes += $3; if (first == "" || $4 < first) first = $4; if ($5 > last) last = $5 }
    END { printf "%.1f", bytes / ((last - first) / 1e9) / 1e6 }' "$work"/*storage.log
}

# "RSS-MB CPU-seconds" of the command /usr/bin/time last measured.
usage() {
  awk -F': ' '/Maximum resident set size/ { rss = $2 } /User time/ { cpu += $2 } /System time/ { cpu += $2 }
    END { printf "%d %.2f", rss / 1024, cpu }' "$work/time.txt"
}

# The machine's busy and idle CPU ticks so far, and the share busy since such a reading, in percent.
ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat; }
busy_since() { echo "$1 $(ticks)" | awk '{ busy = $3 - $1; idle = $4 - $2; printf "%.0f", 100 * busy / (busy + idle) }'; }

# One upload by the action, as the container runs it (same JVM options, an AOT cache); prints
# "MB/s RSS-MB CPU-s machine-busy-%". reuse-build is off: the same file is uploaded again and again.
action_upload() {
  local path=$1 file=$2 parallelism=$3 reuse=${4:-false} api=(http "$api_port") jvm=()
  [ "$path" = tls ] && { api=(https "$tls_api_port"); jvm=("${trust[@]}"); }
  local before; before=$(ticks)
  env -i PATH="$PATH" GITHUB_WORKSPACE="$work/ws" "INPUT_API-KEY=$key" \
    "INPUT_API-URL=${api[0]}://127.0.0.1:${api[1]}/api/v1" INPUT_PROJECT-ID=sim-project "INPUT_BUILD-FILE=$file" \
    "INPUT_UPLOAD-PARALLELISM=$parallelism" "INPUT_RESULTS-DIR=$work/results" "INPUT_REUSE-BUILD=$reuse" \
    "${in_net[@]}" /usr/bin/time -v -o "$work/time.txt" "$JAVA_HOME/bin/java" "${aot[@]}" @src/main/docker/jvm.options "${jvm[@]}" \
    -jar target/nunu-action.jar > "$work/action.log" 2>&1 || { cat "$work/action.log"; exit 1; }
  local busy build
  busy=$(busy_since "$before")
  build=$(sed -n 's/^Uploaded build \([0-9a-f-]*\):.*/\1/p' "$work/action.log")
  echo "$(storage_rate "$build") $(usage) $busy"
}

# One curl -T of the whole file to a single-part upload URL; prints "MB/s RSS-MB CPU-s
# machine-busy-%".
curl_upload() {
  local path=$1 file=$2 size answer url build base="http://127.0.0.1:$api_port" tls=()
  [ "$path" = tls ] && { base="https://127.0.0.1:$tls_api_port"; tls=(--cacert "$work/cert.pem"); }
  size=$(stat -c %s "$work/ws/$file")
  answer=$("${in_net[@]}" curl -sS "${tls[@]}" -H "X-Api-Key: $key" -H 'Content-Type: application/json' \
    -d "{\"name\":\"curl\",\"file_name\":\"$file\",\"file_size\":$size,\"platform\":\"android\",\"multipart\":false}" \
    "$base/api/v1/project/sim-project/builds/upload")
  url=$(echo "$answer" | sed -n 's/.*"upload_url":"\([^"]*\)".*/\1/p')
  build=$(echo "$answer" | sed -n 's/.*"build_id":"\([^"]*\)".*/\1/p')
  local before; before=$(ticks)
  "${in_net[@]}" /usr/bin/time -v -o "$work/time.txt" curl -sS "${tls[@]}" -o /dev/null \
    -H 'Content-Type: application/octet-stream' -T "$work/ws/$file" "$url"
  local busy; busy=$(busy_since "$before")
  echo "$(storage_rate "$build") $(usage) $busy"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

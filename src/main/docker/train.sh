#!/bin/sh
# Trains the JDK AOT cache at image build time: one realistic invocation (multipart upload, test
# plan, polling, summary, JUnit, artifacts) against the simulated nunu API on loopback, over HTTPS
# as nunu's API and storage are. The cache stores the classes it loaded and linked and the methods'
# profiles, so the action starts and warms up faster, TLS and its record encryption included.
set -eu
work=$(mktemp -d)
# A throwaway certificate for 127.0.0.1, trusted by the training run only (a store without a
# password, as the runtime's own cacerts is).
keytool -genkeypair -alias sim -keyalg EC -groupname secp256r1 -dname CN=127.0.0.1 -ext san=ip:127.0.0.1 \
  -validity 2 -keystore "$work/sim.p12" -storetype PKCS12 -storepass changeit > /dev/null 2>&1
keytool -exportcert -alias sim -keystore "$work/sim.p12" -storepass changeit -rfc -file "$work/sim.pem" > /dev/null 2>&1
keytool -J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE -J-Dkeystore.pkcs12.macAlgorithm=NONE -importcert -noprompt \
  -alias sim -file "$work/sim.pem" -keystore "$work/trust.p12" -storetype PKCS12 -storepass changeit > /dev/null 2>&1
java -cp /opt/nunu-action/nunu-action.jar:/tmp/simulator.jar io.github.nunuaction.simulator.SimulatorMain \
  --port 18787 --retry-after 1 --multipart-above 20000000 --part-size 8388608 \
  --tls-keystore "$work/sim.p12" --tls-password changeit > "$work/simulator.log" 2>&1 &
simulator=$!
i=0
until grep -q listening "$work/simulator.log"; do
  i=$((i + 1)); [ "$i" -lt 100 ] || { cat "$work/simulator.log"; exit 1; }
  sleep 0.1
done
mkdir -p "$work/workspace"
# 64 MB in 8 parts: enough records for the JIT compiler to see the encryption loop hot.
head -c 64000000 /dev/urandom > "$work/workspace/game.apk"
# env(1) sets the hyphenated names; exit code 1 is expected (the plan has a failing test).
env GITHUB_ACTIONS=true GITHUB_WORKSPACE="$work/workspace" GITHUB_OUTPUT="$work/output" GITHUB_STEP_SUMMARY="$work/summary" \
  GITHUB_STATE="$work/state" GITHUB_REPOSITORY=nunu/training GITHUB_RUN_NUMBER=1 \
  'INPUT_API-KEY=nunu_sim_0123456789abcdef' 'INPUT_API-URL=https://127.0.0.1:18787/api/v1' \
  'INPUT_ARTIFACTS-URL=https://127.0.0.1:18787/bouncer' 'INPUT_PROJECT-ID=sim-project' 'INPUT_BUILD-FILE=game.apk' \
  'INPUT_TEST-PLAN-ID=b3f1a2c4-5d6e-4f8a-9b0c-1d2e3f4a5b6c' 'INPUT_DEPLOYMENT-CONFIG-ID=456e7890-e89b-12d3-a456-426614174000' \
  'INPUT_DOWNLOAD-ARTIFACTS=logs' 'INPUT_UPLOAD-PARALLELISM=2' \
  /opt/java/bin/java -XX:AOTCacheOutput=/opt/nunu-action/nunu-action.aot @/opt/nunu-action/jvm.options \
  -Djavax.net.ssl.trustStore="$work/trust.p12" \
  -jar /opt/nunu-action/nunu-action.jar > "$work/training.log" 2>&1 || [ $? -eq 1 ] || { cat "$work/training.log"; exit 1; }
kill "$simulator"
grep -q '^result<<' "$work/output" || { cat "$work/training.log"; exit 1; }
ls -l /opt/nunu-action/nunu-action.aot
rm -rf "$work" /tmp/simulator.jar

# The Java runtime for the LedgerLens image, from Debian's packages (docker/base-images.sh builds it).
ARG BASE=ledgerlens-local/debian:bookworm
FROM ${BASE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb

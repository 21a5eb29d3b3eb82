# syntax=docker/dockerfile:1
#
# The subpolicy GitHub Action image: a static binary on a minimal base.
#
# Base images are pinned to exact versions here. Pin them by digest too
# (image@sha256:...) with a tool that can reach the registry, e.g. Dependabot's or
# Renovate's Docker digest pinning; this repository's build machines cannot, and a digest
# copied from elsewhere unverified is worse than none.

# The build stage runs on the builder's own platform and cross-compiles (the binary is pure Go),
# so the release's linux/arm64 image is not compiled under QEMU emulation.
FROM --platform=$BUILDPLATFORM golang:1.26.8-bookworm AS build
ARG TARGETOS=linux
ARG TARGETARCH=amd64
WORKDIR /src
# Module downloads in their own layer, so a source change does not download again.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=devel
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath \
      -ldflags "-s -w -X github.com/subpolicy/subpolicy/internal/cli.Version=${VERSION}" \
      -o /out/subpolicy ./cmd/subpolicy

# distroless/static has CA certificates, tzdata and nothing else: no shell, no package manager.
FROM gcr.io/distroless/static-debian12:latest
COPY --from=build /out/subpolicy /usr/local/bin/subpolicy
# No USER line: GitHub runs a Docker action as the image's default user and expects root,
# so that the action can write to the mounted workspace and the runner's file commands
# (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY). distroless/static's default user is root.
ENTRYPOINT ["/usr/local/bin/subpolicy"]

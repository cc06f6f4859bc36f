package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// layoutBlobs serves a registry's blobs from the blobs folder of an OCI
// layout, so that pushing the image copies nothing and the registry
// process spends no time hashing what it serves.
type layoutBlobs struct {
	dir string
}

func (b layoutBlobs) path(h v1.Hash) string {
	return filepath.Join(b.dir, h.Algorithm, h.Hex)
}

func (b layoutBlobs) Stat(_ context.Context, _ string, h v1.Hash) (int64, error) {
	fi, err := os.Stat(b.path(h))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, registry.ErrNotFound
	}
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

func (b layoutBlobs) Get(_ context.Context, _ string, h v1.Hash) (io.ReadCloser, error) {
	f, err := os.Open(b.path(h))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, registry.ErrNotFound
	}
	return f, err
}

func (b layoutBlobs) Put(_ context.Context, _ string, h v1.Hash, rc io.ReadCloser) error {
	defer rc.Close()
	f, err := os.CreateTemp(b.dir, "upload-*")
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, rc); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), b.path(h))
}

// serveRegistry starts ggcr's registry on a free port of 127.0.0.1 with its
// blobs in the layout at dir, and pushes img to it. It returns the image's
// reference and a function that stops the server.
func serveRegistry(dir string, img v1.Image) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}

	quiet := log.New(io.Discard, "", 0)
	h := registry.New(registry.Logger(quiet),
		registry.WithBlobHandler(layoutBlobs{dir: filepath.Join(dir, "blobs")}))
	srv := &http.Server{Handler: h, ErrorLog: quiet}
	go srv.Serve(ln)
	stop := func() { srv.Close() }

	ref := ln.Addr().String() + "/imgaudit-bench:big"
	tag, err := name.NewTag(ref, name.Insecure)
	if err != nil {
		stop()
		return "", nil, err
	}
	if err := remote.Write(tag, img); err != nil {
		stop()
		return "", nil, fmt.Errorf("pushing to %s: %w", ref, err)
	}
	return ref, stop, nil
}

// pulled is the image at ref as a registry client sees it: its blobs are
// fetched when read, and checked against their digests.
func pulled(ref string) (v1.Image, error) {
	r, err := name.ParseReference(ref, name.Insecure)
	if err != nil {
		return nil, err
	}
	return remote.Image(r)
}

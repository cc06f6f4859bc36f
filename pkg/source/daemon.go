package source

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
)

// probeTimeout bounds asking the daemon about a plain reference, so that an
// unreachable DOCKER_HOST delays nothing for long.
const probeTimeout = 3 * time.Second

// daemonHas reports whether a daemon answers and holds ref. It says nothing
// about why not: a plain reference then goes to its registry.
func daemonHas(ctx context.Context, ref string, opts Options) bool {
	eng, release, err := engineFor(opts)
	if err != nil {
		return false
	}
	defer release()

	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()

	ok, err := eng.Has(ctx, ref)
	return err == nil && ok
}

// openDaemon exports ref from the daemon once, to a temporary file in
// opts.TempDir, and reads that file as a docker save tarball. Closing the
// image removes the file; so does every failure here.
func openDaemon(ctx context.Context, ref string, opts Options) (*Image, error) {
	p, err := exportImage(ctx, ref, opts)
	if err != nil {
		return nil, fmt.Errorf("exporting %q from the docker daemon: %w", ref, err)
	}
	img, digest, t, err := readDockerArchive(p, "", opts.Platform)
	if err != nil {
		os.Remove(p)
		return nil, fmt.Errorf("reading %q exported from the docker daemon: %w", ref, err)
	}
	remove := func() error {
		cerr := t.Close()
		if err := os.Remove(p); err != nil {
			return err
		}
		return cerr
	}

	out, err := describeDigest(img, Daemon, digest, remove)
	if err != nil {
		return nil, fmt.Errorf("reading %q exported from the docker daemon: %w", ref, err)
	}
	out.Tag = daemonTag(ref)
	return out, nil
}

// exportImage saves ref to a new temporary file and returns its path.
func exportImage(ctx context.Context, ref string, opts Options) (string, error) {
	eng, release, err := engineFor(opts)
	if err != nil {
		return "", err
	}
	defer release()

	f, err := os.CreateTemp(opts.TempDir, "imgaudit-docker-*.tar")
	if err != nil {
		return "", fmt.Errorf("creating temporary file: %w", err)
	}

	err = spool(ctx, eng, ref, opts.Platform, f)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("writing temporary file: %w", cerr)
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// spool copies the daemon's export of ref into f.
func spool(ctx context.Context, eng Engine, ref, platform string, f *os.File) error {
	rc, err := eng.Save(ctx, ref, platform)
	if err != nil {
		return err
	}
	defer rc.Close()

	if _, err := io.Copy(f, rc); err != nil {
		return fmt.Errorf("copying export: %w", err)
	}
	return ctx.Err()
}

// daemonTag is the tag a daemon reference asks for: "latest" when it names
// neither tag nor digest, empty for an image ID or a digest.
func daemonTag(ref string) string {
	if strings.HasPrefix(ref, "sha256:") {
		return ""
	}

	r, err := name.ParseReference(ref)
	if err != nil {
		return ""
	}
	return tagOf(r)
}

package source

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// Open turns ref into an image. ref takes one of these forms:
//
//	registry:REF            a registry reference
//	docker:NAME             an image in the local Docker daemon
//	docker-archive:PATH[:REFERENCE|:@INDEX]
//	                        a docker save tarball; REFERENCE picks an image
//	                        by tag, @INDEX by its 0-based place in
//	                        manifest.json
//	oci-archive:PATH        a tar of an OCI layout
//	oci-dir:PATH            an OCI layout folder
//	PATH                    an existing file or folder, recognised by its
//	                        content, never by its name
//	REF                     a plain reference: the daemon's image if the
//	                        daemon is reachable and has it, else the
//	                        registry's
//
// The caller closes the returned Image. Open leaves no temporary file
// behind when it fails.
func Open(ctx context.Context, ref string, opts Options) (*Image, error) {
	if ref == "" {
		return nil, errors.New("opening image: empty reference")
	}
	opts = opts.withDefaults()
	if opts.Platform != "" {
		if _, err := parsePlatform(opts.Platform); err != nil {
			return nil, err
		}
	}

	kind, rest := splitKind(ref)
	img, err := openKind(ctx, kind, rest, opts)
	if err != nil {
		return nil, err
	}

	img.Reference = rest
	return img, nil
}

func openKind(ctx context.Context, kind Kind, ref string, opts Options) (*Image, error) {
	switch kind {
	case Registry:
		return openRegistry(ctx, ref, opts)
	case Daemon:
		return openDaemon(ctx, ref, opts)
	case DockerArchive:
		p, sel := splitArchiveRef(ref)
		return openDockerArchive(p, sel, opts)
	case OCIArchive:
		return openOCIArchive(ref, opts)
	case OCIDir:
		return openOCIDir(ref, opts)
	}

	if _, err := os.Stat(ref); err == nil {
		return openPath(ref, opts)
	}
	return openPlain(ctx, ref, opts)
}

// splitKind separates a known source prefix from the rest of ref. A ref
// without one comes back with an empty Kind.
func splitKind(ref string) (Kind, string) {
	prefix, rest, ok := strings.Cut(ref, ":")
	if !ok {
		return "", ref
	}

	switch k := Kind(prefix); k {
	case Registry, Daemon, DockerArchive, OCIArchive, OCIDir:
		return k, rest
	}
	return "", ref
}

// splitArchiveRef separates PATH from an optional :REFERENCE or :@INDEX.
// A ref naming an existing file is all path; otherwise the path ends at
// the first colon, as skopeo spells it.
func splitArchiveRef(ref string) (string, string) {
	if _, err := os.Stat(ref); err == nil {
		return ref, ""
	}

	p, sel, ok := strings.Cut(ref, ":")
	if !ok {
		return ref, ""
	}
	return p, sel
}

// openPlain opens a reference that names no source: from the daemon when
// one answers and holds the image, else from its registry.
func openPlain(ctx context.Context, ref string, opts Options) (*Image, error) {
	if looksLikePath(ref) {
		return nil, fmt.Errorf("opening %q: no such file or folder", ref)
	}
	if _, err := parseReference(ref, opts.Insecure); err != nil {
		return nil, fmt.Errorf("opening %q: no such file or folder, and not an image reference: %w",
			ref, err)
	}

	if daemonHas(ctx, ref, opts) {
		return openDaemon(ctx, ref, opts)
	}
	return openRegistry(ctx, ref, opts)
}

// archiveSuffixes end the names of image archives. A repository may be
// called "app.tar" in principle, but a user who types it means a file.
var archiveSuffixes = []string{".tar", ".tar.gz", ".tgz", ".tar.zst"}

// looksLikePath reports whether ref can only be meant as a path: no image
// reference starts with a dot, a slash or a tilde, and none that a person
// types ends like an archive's name without a tag or digest.
func looksLikePath(ref string) bool {
	if filepath.IsAbs(ref) {
		return true
	}
	for _, prefix := range []string{".", "/", "~"} {
		if strings.HasPrefix(ref, prefix) {
			return true
		}
	}
	last := ref[strings.LastIndex(ref, "/")+1:]
	for _, suffix := range archiveSuffixes {
		if strings.HasSuffix(last, suffix) {
			return true
		}
	}
	return false
}

// describe wraps an opened image, reading its manifest digest and the
// platform its config declares. done releases what the image holds; it
// runs here when describing fails.
func describe(img v1.Image, kind Kind, done func() error) (*Image, error) {
	d, err := img.Digest()
	if err != nil {
		if done != nil {
			done()
		}
		return nil, fmt.Errorf("reading manifest digest: %w", err)
	}
	return describeDigest(img, kind, d, done)
}

// describeDigest is describe for an image whose digest is already known.
func describeDigest(img v1.Image, kind Kind, d v1.Hash, done func() error) (*Image, error) {
	out := &Image{Image: img, Kind: kind, Digest: d}
	if done != nil {
		out.close = sync.OnceValue(done)
	}

	p, err := imagePlatform(img)
	if err != nil {
		out.Close()
		return nil, err
	}
	out.Platform = p
	return out, nil
}

package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ErrNotImage is matched (errors.Is) by the error Open returns for a file or
// folder that holds no image it can recognise.
var ErrNotImage = errors.New("not an image")

// notImageError says what was found at a path instead of an image.
type notImageError struct {
	path   string
	reason string
}

func (e *notImageError) Error() string {
	msg := fmt.Sprintf("%q is not an image: no manifest.json or OCI layout found", e.path)
	if e.reason != "" {
		msg += " (" + e.reason + ")"
	}
	return msg
}

// Is lets errors.Is match ErrNotImage.
func (e *notImageError) Is(target error) bool {
	return target == ErrNotImage
}

// Magic numbers of whole-file compression a tar may be wrapped in.
var compressedMagic = []struct {
	name  string
	magic []byte
}{
	{"gzip", []byte{0x1f, 0x8b}},
	{"zstd", []byte{0x28, 0xb5, 0x2f, 0xfd}},
	{"bzip2", []byte("BZh")},
	{"xz", []byte{0xfd, '7', 'z', 'X', 'Z', 0x00}},
	{"zip", []byte("PK\x03\x04")},
}

// openPath opens an existing file or folder by what it holds.
func openPath(p string, opts Options) (*Image, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("opening %q: %w", p, err)
	}

	if fi.IsDir() {
		if !isLayoutDir(p) {
			reason := "a folder without oci-layout and index.json"
			return nil, &notImageError{path: p, reason: reason}
		}
		return openOCIDir(p, opts)
	}

	kind, err := detectArchive(p)
	if err != nil {
		return nil, err
	}
	if kind == DockerArchive {
		return openDockerArchive(p, "", opts)
	}
	return openOCIArchive(p, opts)
}

// isLayoutDir reports whether dir holds the two files of an OCI layout.
func isLayoutDir(dir string) bool {
	for _, name := range []string{layoutMarker, layoutIndex} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || !fi.Mode().IsRegular() {
			return false
		}
	}
	return true
}

// detectArchive tells a docker save tarball from an oci-archive by its
// members. A docker save from Docker 25 and later holds both shapes; its
// manifest.json wins, since its index.json may list no manifests.
func detectArchive(p string) (Kind, error) {
	if name, err := compressionOf(p); err != nil {
		return "", fmt.Errorf("opening %q: %w", p, err)
	} else if name != "" {
		return "", &notImageError{path: p, reason: "a " + name + " file; decompress it first"}
	}

	t, err := indexTar(p)
	if errors.Is(err, errNotTar) {
		return "", &notImageError{path: p, reason: "not a tar archive"}
	}
	if err != nil {
		return "", fmt.Errorf("opening %q: %w", p, err)
	}
	defer t.Close()

	switch {
	case t.has("manifest.json"):
		return DockerArchive, nil
	case t.has(layoutMarker) && t.has(layoutIndex):
		return OCIArchive, nil
	case len(t.members) == 0:
		return "", &notImageError{path: p, reason: "empty"}
	}
	return "", &notImageError{path: p}
}

// compressionOf names the compression wrapping the file at p, if any.
func compressionOf(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()

	head := make([]byte, 8)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", err
	}

	for _, c := range compressedMagic {
		if bytes.HasPrefix(head[:n], c.magic) {
			return c.name, nil
		}
	}
	return "", nil
}

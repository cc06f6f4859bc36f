package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// OCI media types, as the image spec names them.
const (
	ociIndex     = "application/vnd.oci.image.index.v1+json"
	ociManifest  = "application/vnd.oci.image.manifest.v1+json"
	ociConfig    = "application/vnd.oci.image.config.v1+json"
	ociLayer     = "application/vnd.oci.image.layer.v1.tar"
	refNameLabel = "org.opencontainers.image.ref.name"
)

// descriptor is the part of an OCI or Docker descriptor this command uses.
type descriptor struct {
	MediaType   string            `json:"mediaType"`
	Digest      string            `json:"digest"`
	Size        int64             `json:"size"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

type manifest struct {
	SchemaVersion int          `json:"schemaVersion"`
	MediaType     string       `json:"mediaType"`
	Config        descriptor   `json:"config"`
	Layers        []descriptor `json:"layers"`
}

type index struct {
	SchemaVersion int          `json:"schemaVersion"`
	MediaType     string       `json:"mediaType"`
	Manifests     []descriptor `json:"manifests"`
}

// convert writes the image in the skopeo dir: folder from as an OCI layout
// in to, naming it tag in index.json when tag is not empty.
func convert(from, to, tag string) error {
	raw, err := os.ReadFile(filepath.Join(from, "manifest.json"))
	if err != nil {
		return fmt.Errorf("reading the manifest: %w", err)
	}
	var m manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return fmt.Errorf("decoding %q: %w", filepath.Join(from, "manifest.json"), err)
	}
	if m.SchemaVersion != 2 {
		return fmt.Errorf("reading %q: schema version %d, want 2", from, m.SchemaVersion)
	}

	if err := os.Mkdir(to, 0o755); err != nil {
		return fmt.Errorf("creating the layout: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(to, "blobs", "sha256"), 0o755); err != nil {
		return fmt.Errorf("creating the layout: %w", err)
	}

	out := manifest{SchemaVersion: 2, MediaType: ociManifest}
	out.Config, err = copyBlob(from, to, m.Config, func([]byte) string { return ociConfig })
	if err != nil {
		return fmt.Errorf("copying the config: %w", err)
	}
	for i, l := range m.Layers {
		d, err := copyBlob(from, to, l, layerMediaType)
		if err != nil {
			return fmt.Errorf("copying layer %d (%s): %w", i, l.Digest, err)
		}
		out.Layers = append(out.Layers, d)
	}

	md, err := writeJSONBlob(to, out)
	if err != nil {
		return fmt.Errorf("writing the manifest: %w", err)
	}
	md.MediaType = ociManifest
	if tag != "" {
		md.Annotations = map[string]string{refNameLabel: tag}
	}

	idx := index{SchemaVersion: 2, MediaType: ociIndex, Manifests: []descriptor{md}}
	if err := writeJSON(filepath.Join(to, "index.json"), idx); err != nil {
		return fmt.Errorf("writing the index: %w", err)
	}
	layout := map[string]string{"imageLayoutVersion": "1.0.0"}
	return writeJSON(filepath.Join(to, "oci-layout"), layout)
}

// copyBlob copies the blob d names from the dir: folder into the layout,
// checking its digest and size, and returns its descriptor with the media
// type that mediaType picks from the blob's first bytes.
func copyBlob(from, to string, d descriptor,
	mediaType func(head []byte) string) (descriptor, error) {
	hexDigest, ok := strings.CutPrefix(d.Digest, "sha256:")
	if !ok || len(hexDigest) != 64 || strings.ContainsAny(hexDigest, "/.") {
		return descriptor{}, fmt.Errorf("unsupported digest %q", d.Digest)
	}

	src, err := os.Open(filepath.Join(from, hexDigest))
	if err != nil {
		return descriptor{}, err
	}
	defer src.Close()

	head := make([]byte, 4)
	n, err := io.ReadFull(src, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return descriptor{}, err
	}
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return descriptor{}, err
	}

	dst, err := os.Create(filepath.Join(to, "blobs", "sha256", hexDigest))
	if err != nil {
		return descriptor{}, err
	}
	h := sha256.New()
	size, err := io.Copy(io.MultiWriter(dst, h), src)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return descriptor{}, err
	}

	if got := hex.EncodeToString(h.Sum(nil)); got != hexDigest || size != d.Size {
		return descriptor{}, fmt.Errorf("blob is sha256:%s, %d bytes; manifest says %s, %d",
			got, size, d.Digest, d.Size)
	}
	return descriptor{MediaType: mediaType(head[:n]), Digest: d.Digest, Size: size}, nil
}

// layerMediaType names a layer's OCI media type from its magic bytes.
func layerMediaType(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return ociLayer + "+gzip"
	case bytes.HasPrefix(head, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return ociLayer + "+zstd"
	default:
		return ociLayer
	}
}

// writeJSONBlob stores v as a blob in the layout and returns its descriptor.
func writeJSONBlob(to string, v any) (descriptor, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return descriptor{}, err
	}
	sum := sha256.Sum256(raw)
	hexDigest := hex.EncodeToString(sum[:])
	path := filepath.Join(to, "blobs", "sha256", hexDigest)
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		return descriptor{}, err
	}
	return descriptor{Digest: "sha256:" + hexDigest, Size: int64(len(raw))}, nil
}

func writeJSON(path string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return os.WriteFile(path, raw, 0o644)
}

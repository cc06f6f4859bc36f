package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
)

// OCI media types the layouts use.
const (
	ociIndex    = "application/vnd.oci.image.index.v1+json"
	ociManifest = "application/vnd.oci.image.manifest.v1+json"
	ociConfig   = "application/vnd.oci.image.config.v1+json"
	ociLayer    = "application/vnd.oci.image.layer.v1.tar+gzip"
)

type descriptor struct {
	MediaType string            `json:"mediaType"`
	Digest    string            `json:"digest"`
	Size      int               `json:"size"`
	Platform  map[string]string `json:"platform,omitempty"`
}

// layout is an OCI image layout being written: its blobs by digest and the
// manifests its index lists.
type layout struct {
	blobs     map[string][]byte
	manifests []descriptor
}

func newLayout() *layout { return &layout{blobs: map[string][]byte{}} }

// blob stores b and describes it.
func (l *layout) blob(mediaType string, b []byte) descriptor {
	d := descriptor{MediaType: mediaType, Digest: digestOf(b), Size: len(b)}
	l.blobs[d.Digest] = b
	return d
}

// image stores an image of ls for arch and lists it in the index.
func (l *layout) image(arch string, ls []layer) {
	m := struct {
		SchemaVersion int          `json:"schemaVersion"`
		MediaType     string       `json:"mediaType"`
		Config        descriptor   `json:"config"`
		Layers        []descriptor `json:"layers"`
	}{SchemaVersion: 2, MediaType: ociManifest, Config: l.blob(ociConfig, config(arch, ls))}
	for _, x := range ls {
		m.Layers = append(m.Layers, l.blob(ociLayer, x.blob))
	}

	raw, _ := json.Marshal(m)
	d := l.blob(ociManifest, raw)
	d.Platform = map[string]string{"os": "linux", "architecture": arch}
	l.manifests = append(l.manifests, d)
}

// write puts the layout in dir.
func (l *layout) write(dir string) error {
	idx, _ := json.Marshal(map[string]any{
		"schemaVersion": 2, "mediaType": ociIndex, "manifests": l.manifests,
	})
	files := map[string][]byte{
		"oci-layout": []byte(`{"imageLayoutVersion":"1.0.0"}`),
		"index.json": idx,
	}
	for d, b := range l.blobs {
		files[filepath.Join("blobs", "sha256", strings.TrimPrefix(d, "sha256:"))] = b
	}

	for name, b := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := writeFile(p, b); err != nil {
			return err
		}
	}
	return nil
}

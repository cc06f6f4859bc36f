package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"os"
	"time"
)

// built is the pinned time of every file and history entry.
var built = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// member is one file of an archive, in order.
type member struct {
	name string
	body []byte
}

// tarOf writes members as an uncompressed tar.
func tarOf(members ...member) []byte {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, m := range members {
		hdr := &tar.Header{Name: m.name, Typeflag: tar.TypeReg, Mode: 0o644,
			Size: int64(len(m.body)), ModTime: built}
		// Writing to a bytes.Buffer cannot fail, and the headers are valid.
		_ = tw.WriteHeader(hdr)
		_, _ = tw.Write(m.body)
	}
	_ = tw.Close()
	return buf.Bytes()
}

// gz compresses b as one gzip member with a pinned header.
func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.ModTime = built
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

func digestOf(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// noise is n bytes from a seeded generator: content that does not
// compress, so that a layer is big enough to be cut in the middle.
func noise(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// layer is one filesystem layer: its tar and its gzip blob.
type layer struct {
	tar, blob []byte
}

func newLayer(files ...member) layer {
	t := tarOf(files...)
	return layer{tar: t, blob: gz(t)}
}

// goodLayers are the two layers every case starts from: a base with
// /etc/passwd, and an application.
func goodLayers() []layer {
	return []layer{
		newLayer(member{"etc/passwd", []byte("root:x:0:0:root:/root:/bin/sh\n")},
			member{"bin/sh", noise(32 << 10)}),
		newLayer(member{"srv/app/server", bytes.Repeat([]byte("app "), 2048)}),
	}
}

// config is the image config of ls for one platform, as JSON.
func config(arch string, ls []layer) []byte {
	type history struct {
		Created   time.Time `json:"created"`
		CreatedBy string    `json:"created_by"`
	}
	cfg := struct {
		Architecture string    `json:"architecture"`
		OS           string    `json:"os"`
		Created      time.Time `json:"created"`
		Config       struct {
			Cmd []string `json:"Cmd"`
		} `json:"config"`
		RootFS struct {
			Type    string   `json:"type"`
			DiffIDs []string `json:"diff_ids"`
		} `json:"rootfs"`
		History []history `json:"history"`
	}{Architecture: arch, OS: "linux", Created: built}
	cfg.Config.Cmd = []string{"/srv/app/server"}
	cfg.RootFS.Type = "layers"
	for i, l := range ls {
		cfg.RootFS.DiffIDs = append(cfg.RootFS.DiffIDs, digestOf(l.tar))
		cfg.History = append(cfg.History, history{built, "mkbad layer " + string(rune('0'+i))})
	}
	out, _ := json.Marshal(cfg)
	return out
}

// saved describes a docker save tarball: its config and layer blobs, and
// what manifest.json says of them.
type saved struct {
	config []byte
	layers [][]byte
	// names are the members manifest.json lists as the layers; by default
	// one per blob.
	names []string
}

func goodSaved() saved {
	ls := goodLayers()
	s := saved{config: config("amd64", ls)}
	for _, l := range ls {
		s.layers = append(s.layers, l.blob)
	}
	return s
}

// archive writes s as a docker save tarball.
func (s saved) archive() []byte {
	names := s.names
	if names == nil {
		for i := range s.layers {
			names = append(names, "layer"+string(rune('0'+i))+".tar.gz")
		}
	}
	manifest, _ := json.Marshal([]map[string]any{{
		"Config":   "config.json",
		"RepoTags": []string{"mkbad/app:1"},
		"Layers":   names,
	}})

	ms := []member{{"config.json", s.config}}
	for i, b := range s.layers {
		ms = append(ms, member{"layer" + string(rune('0'+i)) + ".tar.gz", b})
	}
	ms = append(ms, member{"manifest.json", manifest})
	return tarOf(ms...)
}

func writeFile(p string, b []byte) error {
	return os.WriteFile(p, b, 0o644)
}

package main

import (
	"bytes"
	"testing"

	"github.com/imgaudit/imgaudit/layers"
)

func TestProgressOffWithoutTerminal(t *testing.T) {
	ios := &streams{Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}
	report, stop := startProgress(ios)
	stop()
	if report != nil {
		t.Error("a progress callback for a stderr that is not a terminal")
	}
	if ios.ErrOut.(*bytes.Buffer).Len() != 0 {
		t.Errorf("wrote %q to a stderr that is not a terminal", ios.ErrOut)
	}
}

func TestLayerBar(t *testing.T) {
	tests := []struct {
		name      string
		reports   []layers.Progress
		max, read int64
	}{
		{"sizes stated", []layers.Progress{
			{Layer: 0, Size: 100}, {Layer: 1, Size: 50},
			{Layer: 1, Read: 20, Size: 50}, {Layer: 0, Read: 60, Size: 100},
			{Layer: 1, Read: 50, Size: 50, Done: true},
		}, 150, 110},
		{"one size unknown", []layers.Progress{
			{Layer: 0, Size: 100}, {Layer: 1},
			{Layer: 1, Read: 30}, {Layer: 1, Read: 70, Done: true},
			{Layer: 0, Read: 100, Size: 100, Done: true},
		}, 170, 170},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			b := newLayerBar(&out)
			for _, p := range tt.reports {
				b.report(p)
			}
			st := b.bar.State()
			if st.Max != tt.max || int64(st.CurrentBytes) != tt.read {
				t.Errorf("bar at %.0f of %d bytes, want %d of %d",
					st.CurrentBytes, st.Max, tt.read, tt.max)
			}
			b.stop()
		})
	}
}

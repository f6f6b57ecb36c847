/** A small line chart as SVG, so the benchmark report needs no charting package. */
export interface Series {
	label: string;
	points: Array<[number, number]>;
}

const COLOURS = ['#1292ee', '#e8590c', '#2f9e44', '#7048e8'];

export function lineChart(options: { title: string; xLabel: string; yLabel: string; series: Series[] }): string {
	const width = 760;
	const height = 440;
	const margin = { top: 40, right: 20, bottom: 110, left: 60 };
	const all = options.series.flatMap((series) => series.points);
	const maxX = Math.max(1, ...all.map(([x]) => x));
	const maxY = Math.max(1, ...all.map(([, y]) => y));
	const x = (value: number) => margin.left + (value / maxX) * (width - margin.left - margin.right);
	const y = (value: number) => height - margin.bottom - (value / maxY) * (height - margin.top - margin.bottom);
	const ticks = (max: number) => Array.from({ length: 6 }, (_, index) => (max * index) / 5);
	const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
	const lines = options.series.map((series, index) => {
		const colour = COLOURS[index % COLOURS.length];
		// A step line from 0: a user count only changes when a user is created.
		let path = `M${x(0).toFixed(1)},${y(0).toFixed(1)}`;
		let last = 0;
		for (const [px, py] of series.points) {
			path += ` L${x(px).toFixed(1)},${y(last).toFixed(1)} L${x(px).toFixed(1)},${y(py).toFixed(1)}`;
			last = py;
		}
		const legendY = height - 52 + index * 17;
		return [
			`<path d="${path}" fill="none" stroke="${colour}" stroke-width="2"/>`,
			`<rect x="${margin.left}" y="${legendY - 9}" width="12" height="3" fill="${colour}"/>`,
			`<text x="${margin.left + 18}" y="${legendY - 5}" font-size="12">${escape(series.label)} (${last} users)</text>`,
		].join('');
	});
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">`,
		`<rect width="100%" height="100%" fill="#fff"/>`,
		`<text x="${width / 2}" y="22" text-anchor="middle" font-size="15">${escape(options.title)}</text>`,
		...ticks(maxX).map(
			(tick) =>
				`<line x1="${x(tick)}" x2="${x(tick)}" y1="${margin.top}" y2="${height - margin.bottom}" stroke="#eee"/><text x="${x(tick)}" y="${height - margin.bottom + 16}" text-anchor="middle" font-size="11">${tick.toFixed(0)}</text>`,
		),
		...ticks(maxY).map(
			(tick) =>
				`<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#eee"/><text x="${margin.left - 6}" y="${y(tick) + 4}" text-anchor="end" font-size="11">${tick.toFixed(0)}</text>`,
		),
		`<text x="${width / 2}" y="${height - margin.bottom + 32}" text-anchor="middle" font-size="12">${escape(options.xLabel)}</text>`,
		`<text x="16" y="${height / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 16 ${height / 2})">${escape(options.yLabel)}</text>`,
		...lines,
		'</svg>',
	].join('\n');
}

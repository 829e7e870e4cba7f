/**
 * Hands text to the browser as a file download: a Blob behind an object URL, clicked through a
 * temporary `<a download>`. Works the same in Electron and in a browser tab; nothing leaves the machine.
 */
export function downloadText(fileName: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${mimeType};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once click() returns in Chromium; the delay is for slower browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

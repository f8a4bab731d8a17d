// tcpdump's savefile naming for -C/-G/-W, so scripts written for tcpdump find the same files.

/** Digits tcpdump pads the file number to under -W (the number of digits of W). */
export function ringDigits(maxFiles: number | undefined): number {
  if (maxFiles === undefined || maxFiles <= 0) return 0;
  return String(maxFiles).length;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** strftime for the conversions people put in -G names (%Y %m %d %H %M %S %s %j %%), in local time. */
export function strftime(pattern: string, date: Date): string {
  return pattern.replace(/%([YmdHMSsj%])/g, (_, c: string) => {
    switch (c) {
      case 'Y':
        return String(date.getFullYear());
      case 'm':
        return pad(date.getMonth() + 1, 2);
      case 'd':
        return pad(date.getDate(), 2);
      case 'H':
        return pad(date.getHours(), 2);
      case 'M':
        return pad(date.getMinutes(), 2);
      case 'S':
        return pad(date.getSeconds(), 2);
      case 's':
        return String(Math.floor(date.getTime() / 1000));
      case 'j': {
        const start = new Date(date.getFullYear(), 0, 1);
        return pad(Math.floor((date.getTime() - start.getTime()) / 86_400_000) + 1, 3);
      }
      default:
        return '%';
    }
  });
}

/**
 * The name of savefile number `index` (tcpdump's MakeFilename): the base name when it is the first
 * file and no ring is set, else the base name followed by the number, zero-padded under -W.
 */
export function savefileName(base: string, index: number, digits: number, time?: Date): string {
  const name = time ? strftime(base, time) : base;
  if (index === 0 && digits === 0) return name;
  return `${name}${digits > 0 ? pad(index, digits) : String(index)}`;
}

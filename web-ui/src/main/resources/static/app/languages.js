// Languages the coalition's partners commonly work in (BCP 47), named in the reader's own language by the browser.
export const LANGUAGES = ['en', 'es', 'ti', 'ar', 'fr', 'vi', 'pl', 'ko', 'zh', 'ru', 'uk', 'ro', 'pt', 'so', 'am', 'hi', 'tl', 'ht', 'sw', 'fa'];

let names;
export function languageName(code) {
  try {
    names = names || new Intl.DisplayNames([navigator.language || 'en'], { type: 'language' });
    return names.of(code) || code;
  } catch (e) {
    return code;
  }
}

export const languageOptions = (first = [['', 'Any language']]) => [...first, ...LANGUAGES.map((c) => [c, languageName(c)])];

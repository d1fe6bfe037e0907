import { describe, expect, it } from 'vitest';
import { characters, ELLIPSIS, fitWords, pixels, wrapWords } from '../../src/charts/text-fit.ts';
import { cutsInsideWord } from './words.ts';

describe('fitWords', () => {
  it('leaves text that fits alone', () => {
    expect(fitWords('Northwind Traders', 40, characters)).toBe('Northwind Traders');
    expect(fitWords('  Northwind   Traders ', 40, characters)).toBe('Northwind Traders');
  });

  it('cuts after the last whole word, never inside one', () => {
    expect(fitWords('Adventure Works Cycles International', 30, characters)).toBe('Adventure Works Cycles…');
    expect(fitWords('Humongous Insurance (customer)', 27, characters)).toBe('Humongous Insurance…');
    // Not "Humongous Insurance (custom…": a cut inside brackets goes before them.
    expect(fitWords('Humongous Insurance (custom software division)', 30, characters)).toBe('Humongous Insurance…');
    // …unless that would leave nothing of the bracket's outside worth keeping.
    expect(fitWords('(EMEA region, formerly Contoso)', 20, characters)).toBe('(EMEA region…');
  });

  it('drops what would dangle before the ellipsis: commas, dashes, opening brackets', () => {
    expect(fitWords('Revenue, pipeline and more', 12, characters)).toBe('Revenue…');
    expect(fitWords('Jul 1 – Aug 23, 2026', 10, characters)).toBe('Jul 1…');
  });

  it('finds the words of scripts written without spaces', () => {
    // Intl.Segmenter's dictionary: 北京 数据 科技 有限公司; 株式会社 トヨタ 情報 システム.
    expect(fitWords('北京数据科技有限公司', 7, characters)).toBe('北京数据科技…');
    expect(fitWords('株式会社トヨタ情報システム', 10, characters)).toBe('株式会社トヨタ情報…');
    expect(fitWords('شركة الاتصالات السعودية', 16, characters)).toBe('شركة الاتصالات…');
  });

  it('cuts a single word wider than the room between characters, as a last resort', () => {
    expect(fitWords('Supercalifragilisticexpialidocious', 10, characters)).toBe('Supercali…');
    expect(fitWords('Anything', 1, characters)).toBe(ELLIPSIS);
  });

  it('measures in pixels with the bundled fonts', () => {
    const px = pixels(11);
    const cut = fitWords('Adventure Works Cycles International Holdings', 150, px);
    expect(px(cut)).toBeLessThanOrEqual(150);
    expect(cut.endsWith(ELLIPSIS)).toBe(true);
    expect(cutsInsideWord(cut, ['Adventure Works Cycles International Holdings'])).toEqual([]);
  });
});

describe('wrapWords', () => {
  it('breaks between words, each line within the room', () => {
    const lines = wrapWords('this quarter (Q4 2026) to date', 14, characters);
    expect(lines).toEqual(['this quarter', '(Q4 2026) to…']);
    for (const l of lines) expect(characters(l)).toBeLessThanOrEqual(14);
  });

  it('keeps text that fits on one line', () => {
    expect(wrapWords('last quarter', 20, characters)).toEqual(['last quarter']);
  });

  it('uses as many lines as allowed and cuts only the last', () => {
    expect(wrapWords('one two three four five six', 9, characters, 3)).toEqual(['one two', 'three', 'four…']);
    expect(wrapWords('北京数据科技有限公司', 6, characters)).toEqual(['北京数据科技', '有限公司']);
  });
});

describe('the mid-word check used by the chart tests', () => {
  it('can fail: it reports a label cut between letters', () => {
    expect(cutsInsideWord('Humongous Insurance (custom…', ['Humongous Insurance (customer)'])).toEqual(['Humongous Insurance (custom…']);
    expect(cutsInsideWord('北京数…', ['北京数据科技有限公司'])).toEqual(['北京数…']);
    expect(cutsInsideWord('Insurance (custom', ['Humongous Insurance (customer)'])).toEqual(['Insurance (custom']);
  });

  it('passes cuts between words and text that is no label', () => {
    expect(cutsInsideWord('Humongous Insurance…', ['Humongous Insurance (customer)'])).toEqual([]);
    expect(cutsInsideWord('(customer)', ['Humongous Insurance (customer)'])).toEqual([]);
    expect(cutsInsideWord('$1.2M', ['Humongous Insurance (customer)'])).toEqual([]);
  });
});

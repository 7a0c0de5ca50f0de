/**
 * Words that never make a key term: function words of English plus French, Spanish, German, Russian and Arabic,
 * and the reporting vocabulary every news story shares. Stored folded (lower case, no diacritics, Arabic letter
 * variants unified) because they are looked up after folding.
 */

const ENGLISH = `a about above after again against ago all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having he
her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
off on once only or other our ours out over own same she should so some such than that the their theirs them then
there these they this those through to too under until up very was we were what when where which while who whom why
will with would you your yours yourself yet via per amid among across toward towards upon within without whether
one two three four five six seven eight nine ten hundred hundreds thousand thousands million millions billion
billions percent new many much several another other since around already however although though even well way
also due look looks looking want wants wanted make makes made take takes took get gets got come comes came put back
still near part end set country countries nation nations people government president minister prime
said says say saying told tells tell according reported reports report reporting added adds statement statements
announced announces announce announcement confirmed confirms confirm official officials spokesperson spokesman
spokeswoman news agency update updates live breaking exclusive video watch read latest
mr mrs ms dr st including expected expects like may might must shall
today yesterday tomorrow tonight morning afternoon evening night day days week weeks month months year years time
hour hours minute minutes early late earlier later
monday tuesday wednesday thursday friday saturday sunday january february march april june july august september
october november december jan feb mar apr jun jul aug sep sept oct nov dec`;

const FRENCH = `le la les l un une des du de d et ou mais donc car ni que qu qui quoi dont ou au aux ce cet cette ces
il elle ils elles on nous vous je tu se sa son ses leur leurs notre nos votre vos mon ma mes ne pas plus par pour
sur dans avec sans sous entre chez vers est sont etait ete etre a ont avait avoir fait selon apres avant lors aussi
tres deja encore comme si y en dit lundi mardi mercredi jeudi vendredi samedi dimanche`;

const SPANISH = `el la los las un una unos unas de del al y o pero que quien como con sin por para sobre entre
hasta desde en es son fue fueron ser ha han habia este esta estos estas ese esa su sus se lo le les no mas muy ya
tambien segun tras ante durante lunes martes miercoles jueves viernes sabado domingo dijo`;

const GERMAN = `der die das den dem des ein eine einer eines einem einen und oder aber dass mit ohne von vom zu zum
zur im in am an auf aus bei nach fur uber unter vor ist sind war waren wird werden hat haben hatte sich er sie es
wir ihr nicht auch noch wie als so nur schon laut montag dienstag mittwoch donnerstag freitag samstag sonntag`;

const RUSSIAN = `и в во не что он она оно они на я с со как а то все так его ее их но да ты к у же вы за бы по
только от из о об для при до после без это этот эта эти был была были быть будет уже или ни ли если также
заявил заявила сообщил сообщила`;

// Arabic folded: alef forms unified and ta marbuta as ha, as `foldText` does.
const ARABIC = `في من الي علي عن مع هذا هذه ذلك تلك التي الذي الذين ان او ثم قد لقد كان كانت يكون هو هي هم
نحن انا بين بعد قبل حتي عند كل لا لم لن ما و ب ل ف قال قالت وفق وفقا اليوم امس`;

/** Folded stopwords of every supported language. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  [ENGLISH, FRENCH, SPANISH, GERMAN, RUSSIAN, ARABIC].flatMap((list) => list.split(/\s+/u)).filter(Boolean),
);
